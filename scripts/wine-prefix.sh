#!/usr/bin/env bash
# Builds the template Wine prefix that every emulated machine starts from, once.
#
#   scripts/wine-prefix.sh [DIR]      (default: build/wine/template)
#
# The template is a WoW64 prefix (64- and 32-bit Wine), initialised with
# `wineboot -i` and written to disk (`wineserver -w`: the registry reaches disk
# only when the server exits). Creating it costs ~20 s; a scenario then copies
# it (~1-4 s) or resets only the registry files of a per-worker copy (~11 ms).
# A stamp file marks a finished template, so an interrupted run is redone
# instead of being reused half-built.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build/wine/template}
stamp="$dir/.acsready-template"

if [ -f "$stamp" ]; then
  exit 0
fi

if ! command -v wine >/dev/null 2>&1; then
  echo "wine-prefix: wine is not installed (run 'make deps')" >&2
  exit 1
fi
wine64=/usr/lib/wine/wine64
if [ ! -x "$wine64" ]; then
  echo "wine-prefix: $wine64 missing: the template must be a 64-bit (WoW64) prefix" >&2
  exit 1
fi

rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
start=$(date +%s)
export WINEPREFIX="$dir" WINEDEBUG=-all WINEARCH=win64
# Mono and Gecko installers would prompt or download; the provider needs neither.
export WINEDLLOVERRIDES="mscoree=;mshtml="
printf 'wine-prefix: creating %s (once, ~20 s)\n' "$dir" >&2
wine wineboot -i >/dev/null 2>&1
# Populate LocalMachine Root once here (Wine copies the host's roots into the
# registry on first use), so no scenario pays for it and every scenario starts
# from the same store: the ACS root is not among them.
"$wine64" reg query 'HKLM\SOFTWARE\Microsoft\SystemCertificates\ROOT' >/dev/null 2>&1 || true
wineserver -w
if [ ! -d "$dir/drive_c/windows/syswow64" ]; then
  echo "wine-prefix: $dir has no syswow64: wine32 is missing, the x86 provider cannot run (run 'make deps')" >&2
  exit 1
fi
touch "$stamp"
printf 'wine-prefix: template ready in %ss\n' "$(( $(date +%s) - start ))" >&2
