#!/usr/bin/env bash
# Authenticode-signs one file (PE or MSI) with osslsigncode, SHA-256.
#
#   packaging/sign.sh IN OUT      sign IN into OUT
#   packaging/sign.sh --check     only say whether a certificate was given
#
# The certificate comes from the environment (make sign passes its variables):
#   SIGN_PFX=file.pfx                      a PKCS#12 with the key and the chain, or
#   SIGN_CERT=chain.pem SIGN_KEY=key.pem   the leaf (+ intermediates) and its key;
#   SIGN_PASS_FILE=file                    the key's password, if it has one;
#   SIGN_TIMESTAMP=URL                     an RFC 3161 timestamp server (optional:
#                                          without it the signature is valid only
#                                          while the certificate is).
set -euo pipefail
die() { echo "sign: $*" >&2; exit 1; }

cert_args=()
if [ -n "${SIGN_PFX:-}" ]; then
  [ -f "$SIGN_PFX" ] || die "SIGN_PFX=$SIGN_PFX: no such file"
  cert_args=(-pkcs12 "$SIGN_PFX")
elif [ -n "${SIGN_CERT:-}" ] || [ -n "${SIGN_KEY:-}" ]; then
  [ -f "${SIGN_CERT:-}" ] || die "SIGN_CERT=${SIGN_CERT:-}: no such file (give the certificate and SIGN_KEY)"
  [ -f "${SIGN_KEY:-}" ] || die "SIGN_KEY=${SIGN_KEY:-}: no such file (give the key and SIGN_CERT)"
  cert_args=(-certs "$SIGN_CERT" -key "$SIGN_KEY")
else
  die "no certificate: make sign SIGN_PFX=file.pfx [SIGN_PASS_FILE=file], or SIGN_CERT=chain.pem SIGN_KEY=key.pem"
fi
if [ -n "${SIGN_PASS_FILE:-}" ]; then
  [ -f "$SIGN_PASS_FILE" ] || die "SIGN_PASS_FILE=$SIGN_PASS_FILE: no such file"
  cert_args+=(-readpass "$SIGN_PASS_FILE")
fi
[ "${1:-}" = --check ] && exit 0

[ $# -eq 2 ] || die "usage: sign.sh IN OUT | --check"
in=$1; out=$2
[ -f "$in" ] || die "$in: no such file"
ts_args=()
[ -n "${SIGN_TIMESTAMP:-}" ] && ts_args=(-ts "$SIGN_TIMESTAMP")
rm -f "$out.tmp"
osslsigncode sign "${cert_args[@]}" -h sha256 -n "acsready" "${ts_args[@]}" -in "$in" -out "$out.tmp" >/dev/null \
  || { rm -f "$out.tmp"; die "osslsigncode could not sign $in"; }
mv "$out.tmp" "$out"
echo "sign: $out"
