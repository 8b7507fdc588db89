#!/usr/bin/env bash
# The PowerShell tests of `make test` (make test-powershell):
#  - with a .NET SDK: PowerShell 7.6.9 (dotnet tool, into build/tools/pwsh) and
#    Pester 5 (the nupkg from NuGet, through a throw-away restore) run the Pester
#    suite tests/powershell/*.Tests.ps1 (which also parses every script with
#    PowerShell's own parser and walks its syntax tree);
#  - without one, it says so loudly and parses every shipped script with
#    tree-sitter-powershell instead (npm: web-tree-sitter + the grammar's .wasm,
#    installed with --ignore-scripts into build/tools/node). That parse costs
#    minutes on a loaded machine (the .wasm is compiled each run), so it runs
#    only then, or when ACS_TREE_SITTER=1 asks for it.
#   bash tests/powershell/run.sh TOP
set -euo pipefail
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top"
tools="$top/build/tools"
mkdir -p "$tools"
say() { printf 'powershell: %s\n' "$*"; }
PWSH_VERSION=7.6.9
PESTER_VERSION=5.7.1
TS_PACKAGES="web-tree-sitter@0.25 tree-sitter-powershell@0.26.4"

scripts() {
  find scripts/AcsReadiness integration/intune scripts/Get-AcsReadiness.ps1 \
    -type f \( -name '*.ps1' -o -name '*.psm1' -o -name '*.psd1' \) | sort
}

# ACS_DOTNET=none plays a machine without the SDK (to try the fallback).
dotnet=${ACS_DOTNET:-dotnet}
status=0
tree_sitter() {
if command -v npm >/dev/null 2>&1; then
  node_dir="$tools/node"
  if [ ! -f "$node_dir/.installed" ]; then
    say "installing $TS_PACKAGES into build/tools/node (once)"
    mkdir -p "$node_dir"
    (cd "$node_dir" && [ -f package.json ] || echo '{"name":"acsready-tools","private":true}' > package.json)
    (cd "$node_dir" && npm install --silent --no-audit --no-fund --ignore-scripts --omit=peer $TS_PACKAGES >/dev/null)
    touch "$node_dir/.installed"
  fi
  # shellcheck disable=SC2046
  if NODE_PATH="$node_dir/node_modules" node tests/powershell/parse.mjs "$node_dir/node_modules" $(scripts); then
    say "tree-sitter: every script parses"
  else
    status=1
  fi
else
  say "SKIPPED the tree-sitter parse: npm is not installed"
fi
}

if [ "${ACS_TREE_SITTER:-0}" = 1 ] || ! command -v "$dotnet" >/dev/null 2>&1; then tree_sitter; fi
if ! command -v "$dotnet" >/dev/null 2>&1; then
  echo "powershell: ************************************************************"
  echo "powershell: SKIPPED the Pester suite: no .NET SDK (dotnet) on this machine,"
  echo "powershell: so PowerShell $PWSH_VERSION cannot be installed. Only the"
  echo "powershell: tree-sitter syntax check above ran."
  [ $status = 0 ] && echo "powershell: 1 passed, 0 failed, 1 skipped"
  echo "powershell: ************************************************************"
  exit $status
fi
pwsh="$tools/pwsh/pwsh"
if [ ! -x "$pwsh" ]; then
  say "installing PowerShell $PWSH_VERSION into build/tools/pwsh (dotnet tool, once)"
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path "$tools/pwsh" >/dev/null
fi
pester="$tools/Modules/Pester"
if [ ! -f "$pester/Pester.psd1" ]; then
  say "installing Pester $PESTER_VERSION from NuGet into build/tools/Modules (once)"
  restore="$tools/pester-restore"
  rm -rf "$restore" && mkdir -p "$restore"
  cat > "$restore/fetch.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
XML
  dotnet restore "$restore/fetch.csproj" --packages "$restore/packages" >/dev/null
  rm -rf "$pester" && mkdir -p "$(dirname "$pester")"
  cp -r "$restore/packages/pester/$PESTER_VERSION/tools" "$pester"
  rm -rf "$restore"
fi
export ACSREADY_TOP="$top" ACSREADY_PWSH="$pwsh"
export PSModulePath="$tools/Modules"
"$pwsh" -NoProfile -NonInteractive -File tests/powershell/invoke-pester.ps1 || status=1
exit $status
