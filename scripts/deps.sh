#!/usr/bin/env bash
# Installs what acsready's build and tests need on Debian 12, one part at a
# time, so that a make target asks only for what it uses:
#
#   deps.sh cross   mingw-w64, and libxml2 + cmocka cross-built for x86_64 and
#                   i686 into .deps/<triple>/ (ignored by git): the Windows builds
#                   (and gcc + libxml2-dev for the catalog generator they run)
#   deps.sh tools   what the tests run: xmllint, cmocka, Tcl with tcllib, openssl
#   deps.sh wine    64- and 32-bit Wine: what runs the Windows builds
#   deps.sh all     everything above, the Linux compiler and libxml2-dev, and the
#                   packaging tools (msitools, wixl, gcab, osslsigncode) for the MSIs, CAB and signing
#   deps.sh archive prints the apt source the i386 Wine install would use (tests:
#                   ACSREADY_APT_ETC and ACSREADY_CODENAME stand in for /etc/apt
#                   and the release's codename)
#
# `make cli` needs only gcc and libxml2-dev and never runs this script.
# Every step checks before it acts (a second run costs ~nothing); a finished part
# leaves .deps/<part>.stamp. One run at a time: make -j may ask for two parts at
# once, and apt takes one lock. As root, no sudo.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/.deps"
mkdir -p "$deps"
log() { printf 'deps: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

part=${1:-all}
case $part in
  cross | tools | wine | all | archive) ;;
  *) echo "usage: $0 [cross|tools|wine|all|archive]" >&2; exit 64 ;;
esac
apt_etc=${ACSREADY_APT_ETC:-/etc/apt}

native_packages=(make gcc libxml2-dev)
# gcc and libxml2-dev: the catalog generator (scripts/gen-catalog.c) runs on
# the build machine and validates the catalog with libxml2 for every build.
cross_packages=(cmake ninja-build dpkg-dev gcc libxml2-dev
  gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 binutils-mingw-w64-x86-64 binutils-mingw-w64-i686)
# chromium (headless) renders the --format html report in tests/cli/html.test
tool_packages=(libxml2-utils libcmocka-dev tcl tcllib openssl clang libclang-rt-14-dev chromium)
wine_packages=(wine wine64)
packaging_packages=(msitools wixl gcab osslsigncode)

apt_updated=0
# With i386 enabled the security suite's i386 index can fail to download
# (size mismatch); what we install comes from the indexes that did load.
apt_update() { [ $apt_updated = 1 ] || { as_root apt-get update -qq || log "apt-get update reported errors; continuing"; apt_updated=1; }; }

install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  log "installing ${missing[*]}"
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# This machine's own archive for its Debian release: "URI<TAB>keyring" for every
# enabled deb source (deb822 .sources files and one-line .list files) that
# serves the release's main suite. Mirrors and proxies stay whatever the
# machine's admin chose; the script names no archive host itself.
codename() {
  if [ -n "${ACSREADY_CODENAME:-}" ]; then printf '%s\n' "$ACSREADY_CODENAME"; return; fi
  (. /etc/os-release && printf '%s\n' "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}")
}
release_archives() {
  local release files=()
  release=$(codename)
  shopt -s nullglob
  files=("$apt_etc"/sources.list.d/*.sources)
  if [ ${#files[@]} -gt 0 ]; then
    awk -v release="$release" '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = uris = suites = keyring = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^[ \t]*#/ || $i ~ /^[ \t]/) continue
          n = index($i, ":"); if (!n) continue
          key = tolower(substr($i, 1, n - 1)); value = substr($i, n + 1)
          gsub(/^[ \t]+|[ \t]+$/, "", value)
          if (key == "types") types = value
          else if (key == "uris") uris = value
          else if (key == "suites") suites = value
          else if (key == "signed-by") keyring = value
          else if (key == "enabled") enabled = tolower(value)
        }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        if (keyring !~ /^\//) keyring = ""
        ns = split(suites, suite, /[ \t]+/)
        for (j = 1; j <= ns; j++) if (suite[j] == release) {
          nu = split(uris, uri, /[ \t]+/)
          for (k = 1; k <= nu; k++) print uri[k] "\t" keyring
        }
      }' "${files[@]}"
  fi
  files=("$apt_etc"/sources.list "$apt_etc"/sources.list.d/*.list)
  for f in "${files[@]}"; do
    [ -r "$f" ] || continue
    # deb [option=value ...] URI SUITE COMPONENT...
    awk -v release="$release" '
      $1 != "deb" { next }
      {
        i = 2; keyring = ""
        if ($i ~ /^\[/) {
          for (; i <= NF; i++) {
            if ($i ~ /signed-by=/) { keyring = $i; sub(/.*signed-by=/, "", keyring); sub(/\].*/, "", keyring) }
            if ($i ~ /\]$/) { i++; break }
          }
        }
        if ($(i + 1) == release) print $i "\t" keyring
      }' "$f"
  done
  shopt -u nullglob
}

# Writes a deb822 stanza for this machine's archive, with the given types and
# suites, to stdout; fails when no apt source serves the release.
archive_stanza() { # types suites...
  local types=$1 release uris keyring
  shift
  release=$(codename)
  uris=$(release_archives | cut -f1 | awk '!seen[$0]++' | paste -sd' ')
  keyring=$(release_archives | cut -f2 | grep -m1 . || true)
  if [ -z "$uris" ]; then
    log "no apt source for '$release' in $apt_etc/sources.list or $apt_etc/sources.list.d/: add the Debian archive first"
    return 1
  fi
  printf 'Types: %s\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
    "$types" "$uris" "$*" "${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}"
}

install_wine() {
  install_packages "${wine_packages[@]}"
  dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q 'install ok installed' && return 0
  # A kernel without 32-bit support cannot run wine32's loader, and with
  # wine32 installed Debian's `wine` launcher picks that loader and fails.
  if ! bash "$top/scripts/can-run-i386.sh"; then
    log "this kernel cannot run 32-bit programs: wine32 is not installed; x86 Windows programs are built but not run"
    return 0
  fi
  # 32-bit Wine runs the x86 DLL. Debian's security i386 index is skewed
  # against the amd64 one, so install from the release and its -updates suite
  # only, pinning the gstreamer libs that otherwise pull wine64 out.
  log "installing wine32:i386"
  dpkg --print-foreign-architectures | grep -qx i386 || as_root dpkg --add-architecture i386
  local release srcdir gst apt_private
  release=$(codename)
  srcdir="$deps/apt-wine32"; mkdir -p "$srcdir"
  archive_stanza deb "$release" "$release-updates" > "$srcdir/release.sources"
  rm -f "$srcdir/bookworm.sources" # written by earlier versions of this script
  apt_private=(-o Dir::Etc::SourceParts="$srcdir" -o Dir::Etc::SourceList=/dev/null)
  as_root apt-get "${apt_private[@]}" update -qq
  gst=$(apt-cache "${apt_private[@]}" madison libgstreamer-plugins-base1.0-0 | awk -F'|' 'NR==1{gsub(/ /,"",$2);print $2}')
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_private[@]}" \
    install -y -qq --no-install-recommends --allow-downgrades wine32:i386 wine64 libwine:amd64 \
    "libgstreamer-plugins-base1.0-0:amd64=$gst" "libgstreamer-plugins-base1.0-0:i386=$gst" \
    "gstreamer1.0-plugins-base=$gst" "gstreamer1.0-x=$gst"
  # The plain lists still carry the skewed i386 security index; refresh them
  # before anything else uses apt (a failure here is that same skew, harmless).
  as_root apt-get update -qq >/dev/null 2>&1 || true
  apt_updated=1
}

# Source packages for the cross builds, from this machine's archive.
fetch_source() { # name -> prints the unpacked source dir
  local name=$1 dir
  dir=$(find "$deps/src" -maxdepth 1 -type d -name "$name-*" 2>/dev/null | head -n1)
  if [ -z "$dir" ]; then
    if ! grep -rqs '^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/ && \
       ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/; then
      log "enabling deb-src"
      archive_stanza deb-src "$(codename)" | as_root tee /etc/apt/sources.list.d/acsready-src.sources >/dev/null
      apt_updated=0
    fi
    apt_update
    mkdir -p "$deps/src"
    (cd "$deps/src" && apt-get source -qq "$name" >/dev/null 2>&1)
    dir=$(find "$deps/src" -maxdepth 1 -type d -name "$name-*" | head -n1)
  fi
  printf '%s\n' "$dir"
}

install_cross() {
  install_packages "${cross_packages[@]}"
  local host prefix src b
  for host in x86_64-w64-mingw32 i686-w64-mingw32; do
    prefix="$deps/$host"
    if [ ! -f "$prefix/lib/libxml2.a" ]; then
      src=$(fetch_source libxml2)
      log "cross-building libxml2 for $host"
      b="$deps/build/libxml2-$host"; rm -rf "$b"; mkdir -p "$deps/build"; cp -a "$src" "$b"
      # Debian's patches touch Makefile.am; keep automake from re-running.
      (cd "$b" && touch aclocal.m4 configure config.h.in && find . -name Makefile.in -exec touch {} + &&
        ./configure -q --host=$host --prefix="$prefix" --enable-static --disable-shared --with-threads \
          --without-python --without-http --without-ftp --without-lzma --without-zlib --without-iconv \
          --without-icu --without-modules >/dev/null &&
        make -s -j"$(nproc)" libxml2.la >/dev/null 2>&1 &&
        mkdir -p "$prefix/lib" && cp .libs/libxml2.a "$prefix/lib/" &&
        make -s -C include install >/dev/null)
    fi
    if [ ! -f "$prefix/lib/libcmocka-static.a" ]; then
      src=$(fetch_source cmocka)
      log "cross-building cmocka for $host"
      b="$deps/build/cmocka-$host"; rm -rf "$b"
      cmake -S "$src" -B "$b" -G Ninja -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER=$host-gcc \
        -DCMAKE_RC_COMPILER=$host-windres -DWITH_STATIC_LIB=ON -DBUILD_SHARED_LIBS=OFF -DWITH_EXAMPLES=OFF \
        -DUNIT_TESTING=OFF -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build "$b" >/dev/null && cmake --install "$b" >/dev/null
    fi
  done
}

if [ "$part" = archive ]; then
  archive_stanza deb "$(codename)" "$(codename)-updates"
  exit
fi

exec 9>"$deps/lock"
flock 9

case $part in
  cross) install_cross ;;
  tools) install_packages "${tool_packages[@]}" ;;
  wine) install_wine ;;
  all)
    install_packages "${native_packages[@]}" "${tool_packages[@]}" "${packaging_packages[@]}"
    install_cross
    install_wine
    touch "$deps/cross.stamp" "$deps/tools.stamp" "$deps/wine.stamp"
    ;;
esac
touch "$deps/$part.stamp"
log "$part: ok"
