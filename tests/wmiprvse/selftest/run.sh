#!/bin/bash
# Proves the WmiPrvSE stand-in catches provider mistakes: a fake provider
# (fakeprov.c) is registered with regsvr32 in a throwaway Wine prefix and made
# to misbehave through WMIPRVSE_SELFTEST_MODE; each case asserts the stand-in's
# exit status and message, and the good case its exact output.
# usage: run.sh BUILD_DIR   (BUILD_DIR holds x64/tests and x86/tests)
set -u
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
export WINEPREFIX="$build/wine/selftest-wmiprvse"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml="
unset WMIPRVSE_SELFTEST_MODE
mof="$here/selftest.mof"
ns='root\WmiPrvSESelfTest'
out=$(mktemp -d)
failures=0
cases=0
trap 'wineserver -k 2>/dev/null; rm -rf "$out"' EXIT

winpath() { printf 'Z:%s' "$1" | tr / '\\'; }

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# check NAME EXPECTED_EXIT STDERR_REGEX ARCH MODE ARGS...
check() {
    local name=$1 want=$2 pattern=$3 arch=$4 mode=$5 got
    shift 5
    cases=$((cases + 1))
    WMIPRVSE_SELFTEST_MODE=$mode wine "$build/$arch/tests/wmiprvse.exe" "$@" >"$out/stdout" 2>"$out/stderr"
    got=$?
    if [ "$got" != "$want" ]; then
        fail "$name: exit $got, expected $want"
        sed 's/^/    /' "$out/stderr" >&2
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$out/stderr"; then
        fail "$name: stderr lacks /$pattern/"
        sed 's/^/    /' "$out/stderr" >&2
    else
        echo "ok: $name"
    fi
}

# x86 runs only where the kernel runs 32-bit programs (the Makefile decides).
archs="x64"
[ "${ACS_RUN_X86:-1}" = 1 ] && archs="x64 x86"

rm -rf "$WINEPREFIX"
mkdir -p "$(dirname "$WINEPREFIX")"
wine wineboot -i >/dev/null 2>&1 && wineserver -w || { echo "FAIL: cannot create $WINEPREFIX" >&2; exit 1; }
# Wine's regsvr32 starts the 64- or 32-bit registrar to match the DLL; the
# 32-bit registration lands in Wow6432Node, where only the x86 stand-in looks.
for arch in $archs; do
    wine regsvr32 /s "$(winpath "$build/$arch/tests/wmiprvse-selftest.dll")" ||
        { echo "FAIL: regsvr32 of the $arch self-test provider" >&2; exit 1; }
done

all_ops=(--enum SelfTest --enum SelfTest_Item --get 'SelfTest_Item.Id="a"' --get 'SelfTest=@'
         --query "SELECT * FROM SelfTest_Item WHERE Id = 'b'")
for arch in $archs; do
    check "$arch good provider" 0 "provider loaded from .*\\\\$arch\\\\tests\\\\wmiprvse-selftest.dll" $arch good \
        --mof "$mof" --namespace "$ns" "${all_ops[@]}"
    cases=$((cases + 1))
    if cmp -s "$out/stdout" "$here/expected-good.txt"; then
        echo "ok: $arch good provider output"
    else
        fail "$arch good provider output differs from expected-good.txt"
        diff "$here/expected-good.txt" "$out/stdout" | sed 's/^/    /' >&2
    fi
    check "$arch 4 threads x 50 runs agree" 0 "" $arch good --mof "$mof" --namespace "$ns" --threads 4 --repeat 50 \
        --quiet "${all_ops[@]}"
    check "$arch unknown property" 2 'Put\(SelfTest\.Bogus\): no such property' $arch unknown-property \
        --mof "$mof" --namespace "$ns" --enum SelfTest
done

check "wrong VARIANT type" 2 'Put\(SelfTest\.Count\): uint32 needs VT_I4, got VT_BSTR' x64 wrong-type \
    --mof "$mof" --namespace "$ns" --enum SelfTest
check "typed Put on an instance" 2 'Put\(SelfTest\.Count\): CIMTYPE argument 19 on an instance, which must be 0' x64 \
    typed-put --mof "$mof" --namespace "$ns" --enum SelfTest
check "VT_BOOL holding 1" 2 'Put\(SelfTest\.Ready\): VT_BOOL holds 1' x64 bool-one --mof "$mof" --namespace "$ns" \
    --enum SelfTest
check "malformed datetime" 2 'Put\(SelfTest\.When\): not a DMTF datetime' x64 bad-datetime --mof "$mof" \
    --namespace "$ns" --enum SelfTest
check "key not set" 2 'SelfTest_Item indicated without its key Id' x64 no-key --mof "$mof" --namespace "$ns" \
    --enum SelfTest_Item
check "failure status" 1 'reported 0x80041001 WBEM_E_FAILED' x64 fail-status --mof "$mof" --namespace "$ns" \
    --enum SelfTest
check "Initialize failure" 1 'Initialize reported status 0x80041001' x64 init-fail --mof "$mof" --namespace "$ns" \
    --enum SelfTest
check "no SetStatus is a hang, not a hung stand-in" 3 'never called SetStatus' x64 no-status --mof "$mof" \
    --namespace "$ns" --timeout 2 --enum SelfTest
check "leaked namespace reference" 4 'still referenced after the provider' x64 leak --mof "$mof" --namespace "$ns" \
    --enum SelfTest
check "DllCanUnloadNow refuses" 4 'DllCanUnloadNow returned 0x00000001' x64 no-unload --mof "$mof" \
    --namespace "$ns" --enum SelfTest
check "repeated runs disagree" 2 'repeated run answered differently' x64 flaky --mof "$mof" --namespace "$ns" \
    --repeat 3 --enum SelfTest
check "expected WBEM errors" 0 "" x64 good --mof "$mof" --namespace "$ns" --expect-status 0x80041010 \
    --enum NoSuchClass --expect-status 0x80041002 --get 'SelfTest_Item.Id="zz"'
check "expected error not returned" 1 'expected status 0x80041010 WBEM_E_INVALID_CLASS, got 0x00000000' x64 good \
    --mof "$mof" --namespace "$ns" --expect-status 0x80041010 --enum SelfTest
# An unregistered CLSID is also not the MOF's provider: both are reported, the MOF mismatch decides the exit.
check "CLSID not registered" 2 'CoCreateInstance.*REGDB_E_CLASSNOTREG' x64 good --mof "$mof" --namespace "$ns" \
    --clsid '{00000000-1111-2222-3333-444444444444}' --enum SelfTest
check "class routed to another provider" 2 'class SelfTest is served by WmiPrvSESelfTestProvider' x64 good \
    --mof "$mof" --namespace "$ns" --clsid '{00000000-1111-2222-3333-444444444444}' --enum SelfTest
check "localized amendment accepted" 0 "" x64 good --mof "$mof" --mof "$here/good-amendment.mof" --namespace "$ns" \
    --enum SelfTest --quiet
check "usage error" 64 'unknown argument' x64 good --mof "$mof" --frobnicate

for bad in type:6:"unknown type 'uint33'" duplicate:6:"property 'State' declared twice" \
           qualifier:3:"expected a qualifier name|expected ','|to close the qualifier list" \
           semicolon:6:"expected ';' after the property declaration" \
           amendment:3:"amends|names property Missing, which the class lacks"; do
    name=${bad%%:*}; rest=${bad#*:}; line=${rest%%:*}; message=${rest#*:}
    check "malformed MOF: $name" 2 "bad-$name\\.mof:$line: .*($message)" x64 good --mof "$mof" \
        --mof "$here/bad-$name.mof" --namespace "$ns" --enum SelfTest
done

echo "wmiprvse self-test: $((cases - failures))/$cases passed"
[ "$failures" -eq 0 ]
