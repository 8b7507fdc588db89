/* acsready --help and --version. */
#include "cli/cli.h"
#include "cli/columns.h"

#ifndef ACS_VERSION
#define ACS_VERSION "0.0.0-dev"
#endif

static const char help_text[] =
    "acsready: can this Windows machine load code signed with Azure Code Signing (ACS)?\n"
    "\n"
    "Usage:\n"
    "  acsready evaluate --os MAJOR.MINOR.BUILD[.REV] [machine facts] [options]\n"
    "  acsready evaluate --inventory FILE.csv [options]\n"
    "  acsready check [options]            (Windows: this machine, from its registry and stores)\n"
    "  acsready catalog [--catalog FILE] [--lang LANG]\n"
    "                                      (the rules in use, with their sources)\n"
    "  acsready schema [--format json]     (the WMI classes and properties this build reports)\n"
    "  acsready --help | --version\n"
    "\n"
    "Machine facts (evaluate --os):\n"
    "  --os MAJOR.MINOR.BUILD[.REV]   REV is the UBR on Windows 10 and later (10.0.17763.2114) and the\n"
    "                                 installed monthly rollup's revision on 6.x (6.1.7601.25740).\n"
    "                                 Without REV the update evidence is unknown unless a KB proves it.\n"
    "  --product-type TYPE            workstation (default), server or dc.\n"
    "  --kb KB[:STATE][,KB...]...     installed packages; repeatable, comma or space separated\n"
    "                                 (--kb KB5006743 KB4474419). A KB not listed is absent. STATE is\n"
    "                                 installed (default), pending (waits for a restart), staged,\n"
    "                                 superseded, uninstall-pending or broken: --kb KB5006743:pending.\n"
    "  --root present|absent|unknown  the ACS root CA in LocalMachine\\Root (default: present; every\n"
    "                                 output then says it was not checked: RootCa AssumedPresent).\n"
    "  --root-store STORE[,STORE]     where it is, Root by default; one or more of\n"
    "                                 " ACS_STORE_NAMES ".\n"
    "  --root-auto-update enabled|disabled\n"
    "                                 automatic root update (the DisableRootAutoUpdate policy).\n"
    "  --root-last-sync YYYY-MM-DD|never\n"
    "                                 when the root list last synced. Facts not given are unknown.\n"
    "\n"
    "Options:\n"
    "  --profile NAME     rule set: microsoft (default), trendmicro or withsecure (stricter; see\n"
    "                     'acsready catalog').\n"
    "  --lang LANG        en (default), zh-TW or ja, for reasons, evidence and remedies, and for\n"
    "                     the rule names and words of the catalog listing.\n"
    "  --catalog FILE     a requirements catalog XML; one that cannot be used is reported on stderr\n"
    "                     (file, line, problem) and the built-in catalog answers (see CatalogSource).\n"
    "  --format FORMAT    text (default), json or csv; with --inventory csv (default), json, text\n"
    "                     or html.\n"
    "                     json prints one object whose members are the AcsReadiness WMI properties\n"
    "                     plus RootCa (Checked, or what was assumed) and Requirements (one object\n"
    "                     per AcsReadiness_Requirement); csv has RootCa as its last column.\n"
    "\n"
    "Inventory (--inventory FILE, or - for stdin):\n"
    "  An export with a header row, as Intune, ConfigMgr, Lansweeper, PDQ, osquery or PowerShell's\n"
    "  Export-Csv write it, unchanged: UTF-8 (with or without BOM), UTF-16LE with BOM, CP932 or Big5;\n"
    "  comma, semicolon, tab or | separated; a title or #TYPE line above the header is skipped.\n"
    "  Rows of one machine (one row per hotfix) must be next to each other and become one machine.\n"
    "  Rows of iOS, Android, macOS and Linux devices are skipped and counted.\n"
    "  --encoding NAME      auto (default), utf-8, utf-16le, cp932 (shift_jis) or big5 (cp950).\n"
    "  --delimiter D        , ; tab or | (default: the one the first lines use).\n"
    "  --columns F=COL,...  the column of each fact, for any other layout:\n"
    "                       --columns name=Host,version=Build,ubr=Rev,kbs=Patches\n"
    "  --assume-root present|absent|unknown\n"
    "                       the root CA when the export has no root column (default present);\n"
    "                       every output then says it was not checked (RootCa: AssumedPresent ...).\n"
    "  --format html        one self-contained report page (chart, releases, missing KBs, machines).\n"
    "  Columns, matched ignoring case, spaces, '_' and '-' (the first alias found wins):\n";

static const char help_tail[] =
    "  Out: one row per machine (csv: Name,State,MissingUpdates,Reasons,RootCa). A bad row is\n"
    "  reported as FILE:LINE: problem on stderr and skipped; a summary (machines per state, bad rows,\n"
    "  devices not Windows, the root assumption) follows. Progress is shown on stderr when it is a\n"
    "  terminal.\n"
    "\n"
    "Exit status:\n"
    "  0 Ready, 1 NotReady (install the missing updates), 2 Unsupported (upgrade the OS),\n"
    "  3 Unknown (evidence missing); with --inventory the most severe state of the good rows.\n"
    "  64 usage error, 65 inventory without a usable row, 66 input file cannot be opened,\n"
    "  70 internal error (the built-in catalog failed), 74 output cannot be written.\n"
    "\n"
    "Examples:\n"
    "  acsready evaluate --os 10.0.17763.2114 --product-type server\n"
    "  acsready evaluate --os 6.1.7601.25740 --kb KB4474419,KB4490628,KB5006743 --format json\n"
    "  acsready evaluate --os 10.0.14393.4704 --root absent --root-auto-update disabled --lang ja\n"
    "  acsready evaluate --inventory sccm-export.csv > verdicts.csv\n"
    "  acsready evaluate --inventory devices.csv --format html --lang ja > fleet.html\n";

void cli_print_help(FILE *out)
{
    fputs(help_text, out);
    cli_columns_print_help(out);
    fputs(help_tail, out);
}

void cli_print_version(FILE *out)
{
    fprintf(out, "acsready %s\n", ACS_VERSION);
}
