#!/usr/bin/env bash
# Installs what acsready's build and tests need on Debian 12, and cross-builds
# libxml2 and cmocka for mingw x86_64/i686 into .deps/ (ignored by git).
# Idempotent: every step checks before it acts, so a second run costs ~nothing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/.deps"
mkdir -p "$deps"
log() { printf 'deps: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(make gcc pkg-config cmake ninja-build dpkg-dev
  gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 binutils-mingw-w64-x86-64 binutils-mingw-w64-i686
  mingw-w64-tools wine wine64 msitools osslsigncode openssl
  libxml2-dev libxml2-utils libcmocka-dev tcl tcllib valgrind
  # chromium (headless) renders the --format html report in tests/cli/html.test
  chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
apt_updated=0
# With i386 enabled the security suite's i386 index can fail to download
# (size mismatch); what we install comes from the indexes that did load.
apt_update() { [ $apt_updated = 1 ] || { as_root apt-get update -qq || log "apt-get update reported errors; continuing"; apt_updated=1; }; }
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 32-bit Wine runs the x86 DLL. Debian's security i386 index is skewed against the
# amd64 one (../shared/reference/wine-substrate.md), so install from bookworm +
# bookworm-updates only, pinning the gstreamer libs that otherwise pull wine64 out.
if ! dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q 'install ok installed'; then
  log "installing wine32:i386"
  dpkg --print-foreign-architectures | grep -qx i386 || as_root dpkg --add-architecture i386
  srcdir="$deps/apt-wine32"; mkdir -p "$srcdir"
  cat > "$srcdir/bookworm.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  as_root apt-get -o Dir::Etc::SourceParts="$srcdir" -o Dir::Etc::SourceList=/dev/null update -qq
  gst=$(apt-cache -o Dir::Etc::SourceParts="$srcdir" -o Dir::Etc::SourceList=/dev/null madison libgstreamer-plugins-base1.0-0 | awk -F'|' 'NR==1{gsub(/ /,"",$2);print $2}')
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o Dir::Etc::SourceParts="$srcdir" -o Dir::Etc::SourceList=/dev/null \
    install -y -qq --no-install-recommends --allow-downgrades wine32:i386 wine64 libwine:amd64 \
    "libgstreamer-plugins-base1.0-0:amd64=$gst" "libgstreamer-plugins-base1.0-0:i386=$gst" \
    "gstreamer1.0-plugins-base=$gst" "gstreamer1.0-x=$gst"
  # The plain lists still carry the skewed i386 security index; refresh them
  # before anything else uses apt (a failure here is that same skew, harmless).
  as_root apt-get update -qq >/dev/null 2>&1 || true
  apt_updated=1
fi

# Source packages for the cross builds.
fetch_source() { # name -> prints the unpacked source dir
  local name=$1 dir
  dir=$(find "$deps/src" -maxdepth 1 -type d -name "$name-*" 2>/dev/null | head -n1)
  if [ -z "$dir" ]; then
    if ! grep -rqs 'deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/ && \
       ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/; then
      log "enabling deb-src"
      sed -e 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee /etc/apt/sources.list.d/acsready-src.sources >/dev/null
      apt_updated=0
    fi
    apt_update
    mkdir -p "$deps/src"
    (cd "$deps/src" && apt-get source -qq "$name" >/dev/null 2>&1)
    dir=$(find "$deps/src" -maxdepth 1 -type d -name "$name-*" | head -n1)
  fi
  printf '%s\n' "$dir"
}

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
touch "$deps/stamp"
log "ok"
