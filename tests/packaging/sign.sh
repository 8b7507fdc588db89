#!/usr/bin/env bash
# `make sign` round trip with a throw-away certificate made here by openssl
# (root CA -> code-signing leaf): both ways of giving the certificate (PFX with a
# password file, PEM chain + key) sign every DLL, EXE and MSI; each signed file
# verifies against that root and names the leaf; a file changed after signing
# fails verification; make sign without a certificate refuses with a clear message.
#   bash tests/packaging/sign.sh TOP
set -uo pipefail
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top"
work=build/sign-test
rm -rf "$work" && mkdir -p "$work"
passed=0; failed=0
check() { # name, then a command that succeeds when the check holds
  local name=$1; shift
  if out=$("$@" 2>&1); then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; printf '     %s\n' "$out" | head -20; fi
}

# A root CA and a leaf with the code-signing EKU, valid one day.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=acsready throw-away test root" \
  -keyout "$work/root.key" -out "$work/root.pem" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=acsready throw-away signer" \
  -keyout "$work/leaf.key" -out "$work/leaf.csr" >/dev/null 2>&1
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' > "$work/leaf.ext"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/root.pem" -CAkey "$work/root.key" -CAcreateserial -days 1 \
  -extfile "$work/leaf.ext" -out "$work/leaf.pem" >/dev/null 2>&1
cat "$work/leaf.pem" "$work/root.pem" > "$work/chain.pem"
printf 'throw-away-%s\n' "$RANDOM$RANDOM" > "$work/pass.txt"
openssl pkcs12 -export -inkey "$work/leaf.key" -in "$work/leaf.pem" -certfile "$work/root.pem" \
  -passout "file:$work/pass.txt" -out "$work/signer.pfx" >/dev/null 2>&1
check "openssl made the throw-away root, leaf and PFX" test -s "$work/signer.pfx" -a -s "$work/chain.pem"

version=$(cat VERSION)
signed_files() {
  for h in x64 x86; do
    for f in acsreadyprov.dll acsready.exe acsready-autorecover.exe "../acsready-$version-$h.msi"; do
      echo "build/signed/$h/$f"
    done
  done
}
verify_all() {
  local f problems=0
  for f in $(signed_files); do
    [ -f "$f" ] || { echo "$f: not made"; problems=1; continue; }
    if ! v=$(osslsigncode verify -CAfile "$work/root.pem" -in "$f" 2>&1); then
      echo "$f: osslsigncode verify failed"; echo "$v" | tail -5; problems=1; continue
    fi
    grep -q "Signature verification: ok" <<<"$v" || { echo "$f: no 'Signature verification: ok'"; problems=1; }
    grep -q "acsready throw-away signer" <<<"$v" || { echo "$f: the signer is not the throw-away leaf"; problems=1; }
  done
  return $problems
}

rm -rf build/signed
refuses() {
  local out
  if out=$(make -s sign SIGN_PFX= SIGN_CERT= SIGN_KEY= 2>&1); then echo "make sign succeeded without a certificate"; return 1; fi
  grep -q 'no certificate: make sign SIGN_PFX=' <<<"$out" || { echo "$out"; return 1; }
  [ ! -e build/signed ] || { echo "build/signed/ was made anyway"; return 1; }
}
check "make sign without a certificate refuses and says how" refuses
check "make sign with a PFX and a password file" make -s sign SIGN_PFX="$work/signer.pfx" SIGN_PASS_FILE="$work/pass.txt"
check "every DLL, EXE and MSI signed from the PFX verifies against the throw-away root" verify_all
rm -rf build/signed
check "make sign with a PEM chain and key" make -s sign SIGN_CERT="$work/chain.pem" SIGN_KEY="$work/leaf.key"
check "every DLL, EXE and MSI signed from PEM verifies against the throw-away root" verify_all

# The MSI carries the signed DLL, not the build's unsigned one.
inner_signed() {
  rm -rf "$work/x" && mkdir -p "$work/x"
  (cd "$work/x" && msiextract "$top/build/signed/acsready-$version-x64.msi" >/dev/null) || return 1
  local dll
  dll=$(find "$work/x" -name acsreadyprov.dll | head -n1)
  [ -n "$dll" ] || { echo "no acsreadyprov.dll in the MSI"; return 1; }
  osslsigncode verify -CAfile "$work/root.pem" -in "$dll" | grep -q "Signature verification: ok"
}
check "the signed MSI holds the signed DLL" inner_signed

# A signed file changed afterwards must fail verification.
cp build/signed/x64/acsreadyprov.dll "$work/tampered.dll"
printf 'X' | dd of="$work/tampered.dll" bs=1 seek=1024 conv=notrunc status=none
check "a DLL changed after signing fails verification" \
  bash -c "! osslsigncode verify -CAfile '$work/root.pem' -in '$work/tampered.dll' >/dev/null 2>&1"
# And an unsigned one is not mistaken for signed.
check "the unsigned build DLL does not verify" \
  bash -c "! osslsigncode verify -CAfile '$work/root.pem' -in build/x64/acsreadyprov.dll >/dev/null 2>&1"

rm -rf "$work"
echo "sign: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
