# make demo: an emulated Windows Server 2019 in Wine, the provider registered
# through regsvr32, queried through the WmiPrvSE stand-in the way WMI would,
# printed the way
#   Get-CimInstance -Namespace root/AcsReadiness -ClassName AcsReadiness | Format-List
# prints it, then the requirements.
#
#   tclsh tests/harness/demo.tcl [SCENARIO-FOLDER]   (default tests/scenarios/ws2019-demo)
source [file join [file dirname [info script]] lib.tcl]

set dir [expr {$argc ? [lindex $argv 0] : [acsh::path tests scenarios ws2019-demo]}]
set dir [file normalize $dir]
set arch x64
set prefix [file join [acsh::build_dir] wine demo]

# Parses the stand-in's lines into an ordered list of instances:
# {class key {prop value prop value ...}}.
proc instances {output} {
    set order {}
    array set props {}
    foreach line [split $output \n] {
        if {![regexp {^([A-Za-z_]+)(?:\[([^\]]*)\])?\.([A-Za-z_]+) = (.*)$} [string trimright $line] -> class key prop value]} continue
        set id [list $class $key]
        if {$id ni $order} { lappend order $id }
        lappend props($id) $prop $value
    }
    set out {}
    foreach id $order { lappend out [list {*}$id $props($id)] }
    return $out
}

# Format-List: "Name : Value", names padded to the longest; null prints empty.
proc format_list {props} {
    set width 0
    foreach {name value} $props { set width [expr {max($width, [string length $name])}] }
    set out ""
    foreach {name value} $props {
        if {$value eq "NULL"} { set value "" }
        append out [format "%-*s : %s" $width $name $value] \n
    }
    return $out
}

fconfigure stdout -encoding utf-8
puts "Emulated machine: [file tail $dir]"
set reg [acsh::read_text [file join $dir machine.reg]]
foreach line [split $reg \n] {
    if {[string match ";*" $line]} { puts "  [string trim [string range $line 1 end]]" }
}
puts ""
puts "Preparing it in Wine ($prefix), registering [file join build $arch acsreadyprov.dll] with regsvr32..."
if {[catch {acsh::prepare_machine $dir $arch $prefix} installed]} {
    puts stderr "demo: $installed"
    exit 1
}
set args [acsh::enum_args $dir]
puts "Querying through the WmiPrvSE stand-in: wmiprvse.exe --clsid $acsh::clsid $args"
lassign [acsh::query $prefix $installed $arch {*}$args] rc output
acsh::stop_server $prefix
set output [string map [list "\r\n" "\n"] $output]
if {$rc != 0} {
    puts stderr "demo: the stand-in failed (exit $rc: [acsh::standin_meaning $rc])\n$output"
    exit 1
}

set all [instances $output]
if {![llength [lsearch -all -index 0 $all AcsReadiness]]} {
    puts stderr "demo: the stand-in printed no AcsReadiness instance:\n$output"
    exit 1
}
puts ""
puts "PS> Get-CimInstance -Namespace root/AcsReadiness -ClassName AcsReadiness | Format-List"
foreach inst $all {
    lassign $inst class key props
    if {$class eq "AcsReadiness"} { puts "\n[string trimright [format_list $props]]" }
}
puts ""
puts "PS> Get-CimInstance -Namespace root/AcsReadiness -ClassName AcsReadiness_Requirement | Format-List"
foreach inst $all {
    lassign $inst class key props
    if {$class eq "AcsReadiness_Requirement"} { puts "\n[string trimright [format_list $props]]" }
}
puts ""
puts "PS> Get-CimInstance -Namespace root/AcsReadiness -ClassName AcsReadiness_PplModule | Format-List"
foreach inst $all {
    lassign $inst class key props
    if {$class eq "AcsReadiness_PplModule"} { puts "\n[string trimright [format_list $props]]" }
}
puts ""
