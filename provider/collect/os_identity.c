/* OS identity: version and product type from RtlGetVersion, the rest from
 * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion (docs/reference/
 * servicing-evidence.md, "OS identity").
 *
 * Major/minor never come from the CurrentVersion string: a real Windows 10
 * keeps "6.3" there for old programs, and Wine needs "10.0" there to emulate
 * Windows 10. RtlGetVersion answers the
 * same on both. */
#include <stdio.h>
#include <string.h>

#include "collect/collect.h"


static const char *architecture_token(WORD arch)
{
    switch (arch) {
    case PROCESSOR_ARCHITECTURE_AMD64: return "amd64";
    case PROCESSOR_ARCHITECTURE_INTEL: return "x86";
    case 12 /* PROCESSOR_ARCHITECTURE_ARM64, absent from older SDKs */: return "arm64";
    case PROCESSOR_ARCHITECTURE_IA64: return "ia64";
    default: return "";
    }
}

static void read_version(const acs_seam *seam, acs_os_facts *os)
{
    OSVERSIONINFOEXW info;
    char why[96];
    LONG rc;

    memset(&info, 0, sizeof(info));
    info.dwOSVersionInfoSize = sizeof(info);
    rc = seam->os_version(seam->ctx, &info);
    if (rc == ERROR_PROC_NOT_FOUND) {
        acs_known_fail(&os->version, "RtlGetVersion is not exported by ntdll.dll on this system");
        acs_known_fail(&os->product, "RtlGetVersion is not exported by ntdll.dll on this system");
        return;
    }
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, why, sizeof(why));
        acs_known_fail(&os->version, "RtlGetVersion: %s", why);
        acs_known_fail(&os->product, "RtlGetVersion: %s", why);
        return;
    }
    os->major = info.dwMajorVersion;
    os->minor = info.dwMinorVersion;
    os->build = info.dwBuildNumber;
    os->service_pack = info.wServicePackMajor;
    acs_known_ok(&os->version);
    switch (info.wProductType) {
    case VER_NT_WORKSTATION: os->product_type = ACS_PRODUCT_WORKSTATION; break;
    case VER_NT_DOMAIN_CONTROLLER: os->product_type = ACS_PRODUCT_DC; break;
    case VER_NT_SERVER: os->product_type = ACS_PRODUCT_SERVER; break;
    default:
        os->product_type = ACS_PRODUCT_UNKNOWN;
        acs_known_fail(&os->product, "RtlGetVersion gave product type %u", (unsigned)info.wProductType);
        return;
    }
    acs_known_ok(&os->product);
}

/* UBR exists from Windows 10 on; 8.1 has none (https://github.com/nvaccess/nvda/pull/18621)
 * and the evaluator judges 6.x by RollupFix and ntoskrnl.exe instead. */
static void read_ubr(const acs_seam *seam, HKEY key, acs_os_facts *os)
{
    DWORD ubr = 0, type = 0;
    char why[96];
    LONG rc = acs_reg_read_dword(seam, key, L"UBR", &ubr, &type);

    if (rc == ERROR_SUCCESS) {
        os->ubr_value = ubr;
        acs_known_ok(&os->ubr);
    } else if (rc == ERROR_FILE_NOT_FOUND) {
        if (os->version.known && !acs_os_has_ubr(os->major))
            acs_known_fail(&os->ubr, "UBR value is missing (Windows before 10 has none)");
        else
            acs_known_fail(&os->ubr, "UBR value is missing");
    } else if (rc == ERROR_INVALID_DATATYPE) {
        acs_known_fail(&os->ubr, "UBR value is not a 4-byte REG_DWORD (type %lu)", (unsigned long)type);
    } else {
        acs_win32_error_text(rc, why, sizeof(why));
        acs_known_fail(&os->ubr, "UBR value: %s", why);
    }
}

/* CurrentBuildNumber, to cross-check RtlGetVersion's build (core/plausible.h).
 * Present on every NT version; a value that is absent, of another type or not
 * a plain decimal number below 2^32 leaves the fact unread: it is only a
 * cross-check, and the build itself comes from RtlGetVersion. */
static void read_registry_build(const acs_seam *seam, HKEY key, acs_os_facts *os)
{
    char text[16];
    uint64_t value = 0;
    size_t i;

    if (acs_reg_read_string(seam, key, L"CurrentBuildNumber", text, sizeof(text)) != ERROR_SUCCESS || !text[0]) {
        acs_known_fail(&os->registry_build, "CurrentBuildNumber is missing or not a short string");
        return;
    }
    for (i = 0; text[i]; i++) {
        if (text[i] < '0' || text[i] > '9' || (value = value * 10 + (uint64_t)(text[i] - '0')) > UINT32_MAX) {
            acs_known_fail(&os->registry_build, "CurrentBuildNumber is not a number");
            return;
        }
    }
    os->registry_build_value = (uint32_t)value;
    acs_known_ok(&os->registry_build);
}

static void read_names(const acs_seam *seam, HKEY key, acs_os_facts *os)
{
    char service_pack[64];

    /* Missing names leave empty strings: they label the answer, they do not decide it. */
    acs_reg_read_string(seam, key, L"ProductName", os->caption, sizeof(os->caption));
    acs_reg_read_string(seam, key, L"EditionID", os->edition, sizeof(os->edition));
    acs_reg_read_string(seam, key, L"InstallationType", os->installation_type, sizeof(os->installation_type));
    /* "Windows 7 Enterprise" + "Service Pack 1"; Windows 10 has no CSDVersion. */
    if (os->version.known && os->major == 6 &&
        acs_reg_read_string(seam, key, L"CSDVersion", service_pack, sizeof(service_pack)) == ERROR_SUCCESS &&
        service_pack[0] && os->caption[0]) {
        size_t len = strlen(os->caption);
        snprintf(os->caption + len, sizeof(os->caption) - len, " %s", service_pack);
    }
    /* Windows 11 kept ProductName "Windows 10 <edition>" for compatibility;
     * Win32_OperatingSystem's Caption says Windows 11 (servers' names differ). */
    if (os->version.known && os->major == 10 && os->build >= 22000 && strncmp(os->caption, "Windows 10 ", 11) == 0)
        os->caption[9] = '1';
}

void acs_collect_os(const acs_seam *seam, acs_os_facts *os)
{
    HKEY key = NULL;
    WORD arch = 0;
    char why[96];
    LONG rc;

    os->caption[0] = os->edition[0] = os->installation_type[0] = os->architecture[0] = '\0';
    read_version(seam, os);

    if (seam->native_arch(seam->ctx, &arch) == ERROR_SUCCESS)
        snprintf(os->architecture, sizeof(os->architecture), "%s", architecture_token(arch));

    rc = seam->reg_open(seam->ctx, HKEY_LOCAL_MACHINE, ACS_CURRENT_VERSION_KEY, &key);
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, why, sizeof(why));
        acs_known_fail(&os->ubr, "cannot open HKLM\\...\\Windows NT\\CurrentVersion: %s", why);
        return;
    }
    read_ubr(seam, key, os);
    read_registry_build(seam, key, os);
    read_names(seam, key, os);
    seam->reg_close(seam->ctx, key);
}
