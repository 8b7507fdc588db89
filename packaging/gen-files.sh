#!/usr/bin/env bash
# Writes the two wixl include files that list the folders the MSI ships beside
# the provider (the PowerShell module, the SCCM and Intune files), so the
# package lists exactly what is in those folders and never drifts from them.
#
#   packaging/gen-files.sh OUTDIR SRC=INSTALL/REL/DIR [SRC=...]
#
# OUTDIR/files.wxi: <Directory>/<Component>/<File> under INSTALLDIR;
# OUTDIR/refs.wxi: the <ComponentRef>s for the feature. One component per
# folder, GUID "*" (wixl derives it from the install path).
set -euo pipefail
out=$1; shift
mkdir -p "$out"
files="$out/files.wxi.tmp"; refs="$out/refs.wxi.tmp"
printf '<?xml version="1.0" encoding="utf-8"?>\n<Include>\n' > "$files"
printf '<?xml version="1.0" encoding="utf-8"?>\n<Include>\n' > "$refs"

ident() { printf '%s' "$1" | tr -c 'A-Za-z0-9_\n' '_' | cut -c1-60; }
xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' <<<"$1"; }

# Pairs sorted by install path, so folders that share a parent (integration/sccm,
# integration/intune) nest in one <Directory> each: only the differing tail of
# the path is closed and opened between two pairs.
open=()
close_to() { # keep the first $1 open folders
  while [ ${#open[@]} -gt "$1" ]; do
    printf '%*s</Directory>\n' $((${#open[@]} * 2)) '' >> "$files"
    unset "open[$((${#open[@]} - 1))]"
  done
}
mapfile -t sorted < <(printf '%s\n' "$@" | sort -t= -k2)
for pair in "${sorted[@]}"; do
  src=${pair%%=*}; rel=${pair#*=}
  [ -d "$src" ] || { echo "gen-files: $src is not a folder" >&2; exit 1; }
  id=$(ident "$rel")
  IFS=/ read -r -a parts <<<"$rel"
  common=0
  while [ $common -lt ${#open[@]} ] && [ $common -lt ${#parts[@]} ] && [ "${open[$common]}" = "${parts[$common]}" ]; do
    common=$((common + 1))
  done
  close_to $common
  for ((i = common; i < ${#parts[@]}; i++)); do
    open+=("${parts[$i]}")
    printf '%*s<Directory Id="d_%s" Name="%s">\n' $((${#open[@]} * 2)) '' \
      "$(ident "$(IFS=/; echo "${parts[*]:0:i+1}")")" "$(xml "${parts[$i]}")" >> "$files"
  done
  depth=${#open[@]}
  printf '%*s<Component Id="c_%s" Guid="*" Win64="$(var.Win64)">\n' $((depth * 2 + 2)) '' "$id" >> "$files"
  first=1
  while IFS= read -r -d '' f; do
    name=${f##*/}
    key=""
    [ $first = 1 ] && key=' KeyPath="yes"' && first=0
    printf '%*s<File Id="f_%s" Name="%s" Source="%s"%s/>\n' $((depth * 2 + 4)) '' \
      "$(ident "${id}_$name")" "$(xml "$name")" "$(xml "$f")" "$key" >> "$files"
  done < <(find "$src" -maxdepth 1 -type f -not -name '.*' -print0 | sort -z)
  [ $first = 0 ] || { echo "gen-files: $src holds no file" >&2; exit 1; }
  printf '%*s</Component>\n' $((depth * 2 + 2)) '' >> "$files"
  printf '      <ComponentRef Id="c_%s"/>\n' "$id" >> "$refs"
done
close_to 0
printf '</Include>\n' >> "$files"; printf '</Include>\n' >> "$refs"
mv "$files" "$out/files.wxi"; mv "$refs" "$out/refs.wxi"
