# Runs one scenario folder and prints what the provider answered.
#
#   tclsh tests/harness/scenario.tcl [--arch x64|x86] [--prefix DIR] [--result FILE] FOLDER
#
# Prints every instance one property a line (`Class.Property = Value`,
# `Class[Key].Property = Value`) as the stand-in printed it, then a verdict
# line on stderr. Exit 0 when the stand-in succeeded (its MOF/Put/key checks
# included) and every line of FOLDER/expect was found; 1 otherwise, naming
# each missing line. FOLDER may be anywhere, inside the repository or not.
source [file join [file dirname [info script]] lib.tcl]

proc usage {} {
    puts stderr "usage: tclsh scenario.tcl \[--arch x64|x86\] \[--prefix DIR\] FOLDER"
    exit 64
}

set arch ""
set prefix ""
set dir ""
set result_file ""
for {set i 0} {$i < $argc} {incr i} {
    set arg [lindex $argv $i]
    switch -- $arg {
        --arch { set arch [lindex $argv [incr i]] }
        --prefix { set prefix [lindex $argv [incr i]] }
        --result { set result_file [lindex $argv [incr i]] }
        -h - --help { usage }
        default {
            if {$dir ne "" || [string match -* $arg]} usage
            set dir $arg
        }
    }
}
if {$dir eq ""} usage
if {![file isdirectory $dir]} {
    puts stderr "scenario: $dir is not a folder"
    exit 64
}
# A scenario may ask for an architecture in its `arch` file; --arch wins.
if {$arch eq ""} { set arch [lindex [acsh::scenario_setting $dir arch x64] 0] }
if {$arch ni {x64 x86}} usage
if {$arch eq "x86" && [info exists ::env(ACS_RUN_X86)] && $::env(ACS_RUN_X86) eq "0"} {
    puts stderr "scenario: x86 cannot run here: this kernel cannot run 32-bit programs (scripts/can-run-i386.sh)"
    exit 69
}
if {$prefix eq ""} { set prefix [file join [acsh::build_dir] wine scenario-$arch] }

set result [acsh::run_scenario $dir $arch [file normalize $prefix]]
# --result FILE: the whole result as a Tcl dict, for the parallel runner.
if {$result_file ne ""} { acsh::write_file $result_file $result }
if {[dict get $result output] ne ""} { puts [dict get $result output] }
set name [file tail [file normalize $dir]]
foreach failure [dict get $result failures] {
    puts stderr "$name ($arch): $failure"
}
if {[dict get $result ok]} {
    puts stderr [format "%s (%s): ok, %.1f s" $name $arch [dict get $result seconds]]
    exit 0
}
puts stderr [format "%s (%s): FAILED, %.1f s" $name $arch [dict get $result seconds]]
exit 1
