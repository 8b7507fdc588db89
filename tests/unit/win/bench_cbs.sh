#!/bin/bash
# Measures CBS evidence by direct look-ups against a scan of every Packages
# key, in Wine, on registries of N generated package keys (default 1,000 and
# 20,000). One prefix per N under build/wine/bench-cbs (made once: importing
# 20,000 keys takes a while); the .reg goes in with `reg import /reg:64`, since
# a 32-bit regedit would put it under Wow6432Node (the registry redirector,
# https://learn.microsoft.com/en-us/windows/win32/winprog64/registry-redirector).
# Usage: bench_cbs.sh BENCH_EXE [N...]
set -euo pipefail
exe=$(realpath "$1"); shift
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1000 20000)
top=$(cd "$(dirname "$0")/../../.." && pwd)
work=${BENCH_CBS_DIR:-$top/build/wine/bench-cbs}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml="
mkdir -p "$work"

# A Windows 7 SP1 x64 servicing store: single-part KB packages, multi-part
# ones (Package_<m>_for_KB), language packs, and the packages the catalog asks
# about (SHA-2, SSUs, the October 2021 security-only update in parts, two
# RollupFix versions, the older one superseded). PackageIndex holds one key per
# package name with the identity as a value name ("a value is created under
# this key with the identity string of the latest version of the package",
# https://github.com/WitherOrNot/cbs-docs/blob/main/CBSInternals.md).
generate_reg() {
    awk -v n="$1" 'BEGIN {
        cbs = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing"
        tok = "~31bf3856ad364e35~amd64~"
        print "Windows Registry Editor Version 5.00\r"
        m = 0
        for (i = 0; i < n; i++) {
            kind = i % 10
            if (kind < 7)      { name = "Package_for_KB" (3000000 + i); ver = "6.1.1." (i % 9); lang = "" }
            else if (kind < 9) { name = "Package_" (i % 5 + 1) "_for_KB" (4000000 + int(i / 10)); ver = "6.1.2.0"; lang = "" }
            else               { name = "Microsoft-Windows-Feature" i "-Package"; ver = "6.1.7601.17514"; lang = "en-US" }
            add(name, lang, ver, 112)
        }
        add("Package_for_KB4474419", "", "6.1.3.2", 112)
        add("Package_for_KB4490628", "", "6.1.1.1", 80)
        add("Package_for_KB5017397", "", "6.1.1.2", 112)
        add("Package_1_for_KB5006728", "", "6.1.1.1", 112)
        add("Package_2_for_KB5006728", "", "6.1.1.1", 112)
        add("Package_3_for_KB5006728", "", "6.1.1.1", 64)
        add("Package_for_RollupFix", "", "7601.25740.1.5", 80)
        add("Package_for_RollupFix", "", "7601.25767.1.4", 112)
    }
    function add(name, lang, ver, state,    id) {
        id = name tok lang "~" ver
        printf "[%s\\Packages\\%s]\r\n\"CurrentState\"=dword:%08x\r\n\"InstallTimeHigh\"=dword:01d7bf4c\r\n\"InstallTimeLow\"=dword:%08x\r\n\r\n", cbs, id, state, m++
        printf "[%s\\PackageIndex\\%s%s~0.0.0.0]\r\n\"%s\"=\"\"\r\n\r\n", cbs, name, tok lang, id
    }'
}

template="$work/template"
if [ ! -f "$template/system.reg" ]; then
    WINEPREFIX="$template" wine wineboot -i >/dev/null 2>&1
    WINEPREFIX="$template" wineserver -w
fi
prefix="$work/prefix"
[ -f "$prefix/system.reg" ] || cp -a "$template" "$prefix"
for n in "${counts[@]}"; do
    WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
    if [ ! -f "$work/system-$n.reg" ]; then
        cp "$template"/{system,user,userdef}.reg "$prefix"/
        generate_reg "$n" > "$work/cbs-$n.reg"
        start=$(date +%s.%N)
        WINEPREFIX="$prefix" wine reg import "$(WINEPREFIX="$prefix" winepath -w "$work/cbs-$n.reg")" /reg:64 >/dev/null 2>&1
        WINEPREFIX="$prefix" wineserver -w
        echo "bench_cbs: imported $n package keys in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
        cp "$prefix/system.reg" "$work/system-$n.reg"
    else
        cp "$work/system-$n.reg" "$prefix/system.reg"
    fi
    WINEPREFIX="$prefix" wine "$exe" 10 | tee "$work/result-$n.csv"
    WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
done
