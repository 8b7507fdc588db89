# Runs every tests/project/*.test file in this process and exits 1 when any
# test failed or any file could not be run: tcltest alone exits 0 on failure.
package require tcltest 2.5
source [file join [file dirname [info script]] lib.tcl]

namespace eval ::proj::totals {
    variable passed 0
    variable failed 0
    variable skipped 0
}
# In one process the counters add up over the files; the last call (from
# runAllTests) sees the totals.
proc ::tcltest::cleanupTestsHook {} {
    set ::proj::totals::passed $::tcltest::numTests(Passed)
    set ::proj::totals::failed $::tcltest::numTests(Failed)
    set ::proj::totals::skipped $::tcltest::numTests(Skipped)
}

::tcltest::configure -testdir [file dirname [file normalize [info script]]] \
    -singleproc 1 -file *.test {*}$argv
set had_errors [::tcltest::runAllTests]
set p $::proj::totals::passed
set f $::proj::totals::failed
puts "project: $p passed, $f failed, $::proj::totals::skipped skipped"
if {$had_errors || $f > 0 || $p == 0} {
    exit 1
}
exit 0
