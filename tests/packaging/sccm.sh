#!/usr/bin/env bash
# The SCCM files as built (build/integration/sccm), checked against the
# provider's MOF: the CAB holds the two digests as UTF-16 XML that xmllint
# reads; every WQL setting names a class and property of root\AcsReadiness;
# every rule references a setting of its item with the setting's type; the
# baseline references the item; the inventory MOF's classes and views; the SQL
# and WQL use only views, classes and columns the inventory MOF creates.
#   bash tests/packaging/sccm.sh TOP
set -uo pipefail
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top"
out=build/integration/sccm
work=build/sccm-test
rm -rf "$work" && mkdir -p "$work"
passed=0; failed=0
check() {
  local name=$1; shift
  if msg=$("$@" 2>&1); then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; printf '     %s\n' "$msg" | head -20; fi
}
# class -> "prop prop ..." from the provider's MOF
declare -A props
current=""
while IFS= read -r line; do
  if [[ $line =~ ^class\ ([A-Za-z_]+) ]]; then current=${BASH_REMATCH[1]}; props[$current]=""; continue; fi
  [[ $line == "};" ]] && { current=""; continue; }
  if [ -n "$current" ] && [[ $line =~ \][[:space:]]*[a-z0-9]+[[:space:]]+([A-Za-z_]+)(\[\])?\; ]]; then
    props[$current]+=" ${BASH_REMATCH[1]}"
  fi
done < mof/acsready.mof
has_prop() { [[ " ${props[$1]:-} " == *" $2 "* ]]; }
x() { xmllint --xpath "$2" "$1" 2>/dev/null; }   # XPath over a digest

cab_contents() {
  local listing; listing=$(gcab -t "$out/AcsReadiness-Baseline.cab") || return 1
  [ "$(sort <<<"$listing" | tr '\n' ' ')" = "Baseline.xml ConfigurationItem.xml " ] || { echo "CAB holds: $listing"; return 1; }
  (cd "$work" && gcab -x "$top/$out/AcsReadiness-Baseline.cab" >/dev/null)
}
check "the CAB holds Baseline.xml and ConfigurationItem.xml" cab_contents

utf16() {
  local f
  for f in "$work"/*.xml; do
    [ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" = fffe ] || { echo "$f: no UTF-16LE BOM"; return 1; }
    xmllint --noout "$f" || return 1
    local text; text=$(iconv -f UTF-16 -t UTF-8 "$f")
    grep -q '^<?xml version="1.0" encoding="utf-16"?>' <<<"$text" || { echo "$f: declaration is not utf-16"; return 1; }
    grep -q 'DesiredConfigurationDigest xmlns="http://schemas.microsoft.com/SystemsCenterConfigurationManager/2009/07/10/DesiredConfiguration"' \
      <<<"$text" || { echo "$f: not a DesiredConfigurationDigest of the 2009/07/10 schema"; return 1; }
  done
}
check "both digests are UTF-16 DesiredConfigurationDigest XML that xmllint reads" utf16

ci="$work/ConfigurationItem.xml"; bl="$work/Baseline.xml"
settings_name_mof() {
  local n i ns class prop
  n=$(x "$ci" 'count(//*[local-name()="WqlQueryDiscoverySource"])')
  [ "$n" = 2 ] || { echo "expected 2 WQL settings, found $n"; return 1; }
  for i in 1 2; do
    ns=$(x "$ci" "string((//*[local-name()='WqlQueryDiscoverySource'])[$i]/*[local-name()='Namespace'])")
    class=$(x "$ci" "string((//*[local-name()='WqlQueryDiscoverySource'])[$i]/*[local-name()='Class'])")
    prop=$(x "$ci" "string((//*[local-name()='WqlQueryDiscoverySource'])[$i]/*[local-name()='Property'])")
    [ "$ns" = 'root\AcsReadiness' ] || { echo "setting $i: namespace $ns"; return 1; }
    has_prop "$class" "$prop" || { echo "setting $i: $class.$prop is not in mof/acsready.mof"; return 1; }
  done
}
check "every WQL setting names root\\AcsReadiness and a class and property of the MOF" settings_name_mof

rules() {
  local want=("State|String|Equals|Ready|Critical" "RootCaPresent|Boolean|Equals|true|Error") i setting prop type op value severity got
  [ "$(x "$ci" 'count(//*[local-name()="Rule"])')" = 2 ] || { echo "expected 2 rules"; return 1; }
  for i in 1 2; do
    setting=$(x "$ci" "string((//*[local-name()='Rule'])[$i]//*[local-name()='SettingReference']/@SettingLogicalName)")
    prop=$(x "$ci" "string(//*[local-name()='SimpleSetting'][@LogicalName='$setting']//*[local-name()='Property'])")
    type=$(x "$ci" "string(//*[local-name()='SimpleSetting'][@LogicalName='$setting']/@DataType)")
    [ -n "$prop" ] || { echo "rule $i references $setting, which is no setting of the item"; return 1; }
    [ "$(x "$ci" "string((//*[local-name()='Rule'])[$i]//*[local-name()='SettingReference']/@DataType)")" = "$type" ] \
      || { echo "rule $i: SettingReference DataType is not the setting's ($type)"; return 1; }
    [ "$(x "$ci" "string((//*[local-name()='Rule'])[$i]//*[local-name()='ConstantValue']/@DataType)")" = "$type" ] \
      || { echo "rule $i: ConstantValue DataType is not the setting's ($type)"; return 1; }
    [ "$(x "$ci" "string((//*[local-name()='Rule'])[$i]//*[local-name()='SettingReference']/@LogicalName)")" = \
      "$(x "$ci" "string(//*[local-name()='OperatingSystem']/@LogicalName)")" ] || { echo "rule $i: SettingReference names another item"; return 1; }
    op=$(x "$ci" "string((//*[local-name()='Rule'])[$i]//*[local-name()='Operator'])")
    value=$(x "$ci" "string((//*[local-name()='Rule'])[$i]//*[local-name()='ConstantValue']/@Value)")
    severity=$(x "$ci" "string((//*[local-name()='Rule'])[$i]/@Severity)")
    got="$prop|$type|$op|$value|$severity"
    [ "$got" = "${want[$((i - 1))]}" ] || { echo "rule $i: $got, expected ${want[$((i - 1))]}"; return 1; }
    [ "$(x "$ci" "string((//*[local-name()='Rule'])[$i]/@NonCompliantWhenSettingIsNotFound)")" = true ] \
      || { echo "rule $i: a device without the provider would count as compliant"; return 1; }
  done
}
check "rules: State equals Ready (Critical), RootCaPresent equals true (Error), missing = non-compliant" rules

baseline_refs() {
  local attr
  for attr in AuthoringScopeId LogicalName Version; do
    [ "$(x "$bl" "string(//*[local-name()='OperatingSystemReference']/@$attr)")" = \
      "$(x "$ci" "string(//*[local-name()='OperatingSystem']/@$attr)")" ] || { echo "the baseline's reference differs in $attr"; return 1; }
  done
}
check "the baseline requires exactly the configuration item in the CAB" baseline_refs

hinv="$out/AcsReadiness-hinv.mof"
# inventory name (from SMS_Class_ID) -> class; read here, not in a check
# (checks run in a subshell).
declare -A view_class
while read -r class id; do
  name=${id#ACSREADY|}; name=${name%|1.0}
  view_class[$name]=$class
done < <(awk '/SMS_Class_ID/ { match($0, /SMS_Class_ID\("[^"]*"\)/); id = substr($0, RSTART + 14, RLENGTH - 16) }
              /^class / { print $2, id }' "$hinv")
hinv_ok() {
  local class name
  for class in AcsReadiness AcsReadiness_Requirement AcsReadiness_PplModule; do
    grep -q "^class $class : SMS_Class_Template" "$hinv" || { echo "no $class in the inventory MOF"; return 1; }
  done
  [ ${#view_class[@]} = 3 ] || { echo "expected 3 SMS_Class_IDs, read ${!view_class[*]}"; return 1; }
  for name in "${!view_class[@]}"; do
    [ ${#name} -le 25 ] || { echo "v_GS_$name is longer than 30 characters"; return 1; }
  done
  grep -q 'Namespace("\\\\\\\\\\\\\\\\.\\\\\\\\root\\\\\\\\AcsReadiness")' "$hinv" || { echo "Namespace qualifier is not root\\AcsReadiness"; return 1; }
  # Properties: exactly the MOF's, key only where the MOF has one.
  for class in AcsReadiness AcsReadiness_Requirement AcsReadiness_PplModule; do
    local got
    got=$(awk -v c="$class" '$0 ~ "^class " c " " {on=1; next} on && /^};/ {on=0} on && /SMS_Report/ { sub(/\[\]?;.*/, ""); sub(/;.*/, ""); print $NF }' "$hinv" | tr -d '[]' | tr '\n' ' ')
    [ " $got" = "${props[$class]} " ] || { echo "$class: inventory MOF has '$got', MOF has '${props[$class]}'"; return 1; }
  done
  grep -q '^class AcsReadiness : SMS_Class_Template' "$hinv" && ! awk '/^class AcsReadiness :/{on=1;next} on&&/^};/{exit} on' "$hinv" | grep -q ' key\]' \
    || { echo "the singleton AcsReadiness must have no key"; return 1; }
  grep -q 'key\] string Id;' "$hinv" || { echo "AcsReadiness_Requirement.Id is not the key"; return 1; }
  grep -q 'string Reasons\[\];   // may exceed 255' "$hinv" || { echo "Reasons is not marked as long text"; return 1; }
}
check "the inventory MOF reports every MOF property of the three classes, views <= 30 characters" hinv_ok

sql_names() {
  local alias_ar=AcsReadiness alias_req=AcsReadiness_Requirement ref alias col view
  for view in $(grep -o 'v_GS_[A-Z_]*' "$out/reports.sql" | sort -u); do
    [ -n "${view_class[${view#v_GS_}]:-}" ] || { echo "reports.sql uses $view, which the inventory MOF does not create"; return 1; }
  done
  for ref in $(grep -oE '\b(ar|req)\.[A-Za-z_]+0\b' "$out/reports.sql" | sort -u); do
    alias=${ref%%.*}; col=${ref#*.}; col=${col%0}
    if [ "$alias" = ar ]; then has_prop "$alias_ar" "$col" || { echo "reports.sql: $ref is no column of v_GS_ACS_READINESS"; return 1; }
    else has_prop "$alias_req" "$col" || { echo "reports.sql: $ref is no column of v_GS_ACS_READINESS_REQUIREMENT"; return 1; }; fi
  done
  for f in "$out"/*.wql; do
    for ref in $(grep -oE 'SMS_G_System_[A-Z_]+\.[A-Za-z]+' "$f" | sort -u); do
      local cls=${ref%%.*} prop=${ref#*.}
      view=${cls#SMS_G_System_}
      [ -n "${view_class[$view]:-}" ] || { echo "$f: $cls is not created by the inventory MOF"; return 1; }
      [ "$prop" = ResourceID ] || has_prop "${view_class[$view]}" "$prop" || { echo "$f: $ref is no property"; return 1; }
    done
  done
}
check "the SQL and WQL use only views, classes and columns the inventory MOF creates" sql_names

rm -rf "$work"
echo "sccm: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
