# tcltest suite: every scenario folder under tests/scenarios, run through the
# provider DLL and the WmiPrvSE stand-in in Wine, each answer asserted; the
# catalog's OS rules each covered by a scenario; the harness's own checks.
#
#   tclsh tests/harness/all.tcl
# Environment: ACS_SCENARIO_WORKERS (default 2: one Wine prefix per worker),
# ACS_SCENARIOS (glob on folder names, default *).
#
# Scenarios run through x64; those whose `arch` file also names x86 run again
# through the x86 DLL and stand-in (WoW64 on an emulated 64-bit machine).
source [file join [file dirname [info script]] lib.tcl]
package require tcltest 2.5
namespace import ::tcltest::test

set failed 0
proc ::tcltest::cleanupTestsHook {} {
    variable numTests
    set ::failed [expr {$numTests(Failed) > 0}]
}
::tcltest::configure -verbose {error} {*}$argv

# ------------------------------------------------------------ harness checks
# Pure Tcl: these fail if the expect logic stops failing.
test expect-missing-line {a line the output lacks is reported} -body {
    lindex [acsh::check_expect "A.State = Ready\nA.Ready = True" "A.State = NotReady\nA.Ready = True"] 0
} -result {{A.State = NotReady}}
test expect-negation {a "!" line present in the output is reported} -body {
    lindex [acsh::check_expect "A.Ready = True" "# comment\n\n!A.Ready = True"] 1
} -result {{A.Ready = True}}
test expect-volatile {an expect naming EvaluatedAt is refused} -body {
    llength [lindex [acsh::check_expect "" "AcsReadiness.EvaluatedAt = 20240101000000.000000+000"] 2]
} -result 1
test expect-trailing-blanks {trailing blanks and CRLF do not matter} -body {
    acsh::check_expect "A.B = 1  \nC = 2" "A.B = 1\r\nC = 2 "
} -result {{} {} {}}
test standin-exit-meaning {the MOF/Put check failure is named} -body {
    string match "MOF check failed*" [acsh::standin_meaning 2]
} -result 1
test rule-claim {a scenario whose evidence does not name its rule fails} -setup {
    set d [file join [::tcltest::temporaryDirectory] claim]
    file mkdir $d
    acsh::write_file [file join $d rule] "win10-1809\n"
} -body {
    set rules [dict create win10-1809 [dict create name "Windows 10 1809 / Server 2019 / LTSC 2019" profile microsoft]]
    list [llength [acsh::check_rule_claim "AcsReadiness_Requirement\[os\].Evidence = Windows 11 supports ACS" $d $rules]] \
         [llength [acsh::check_rule_claim "AcsReadiness_Requirement\[os\].Evidence = Windows 10 1809 / Server 2019 / LTSC 2019 (10.0.17763) gets" $d $rules]]
} -cleanup { file delete -force $d } -result {1 0}

# ------------------------------------------------------------ coverage
set scenario_dirs {}
set pattern [expr {[info exists ::env(ACS_SCENARIOS)] ? $::env(ACS_SCENARIOS) : "*"}]
foreach dir [acsh::scenarios] {
    if {[string match $pattern [file tail $dir]]} { lappend scenario_dirs $dir }
}

test catalog-rules-covered {every OS rule of the catalog names a scenario in its rule file} -body {
    set claimed {}
    foreach dir [acsh::scenarios] { lappend claimed {*}[acsh::scenario_rules $dir] }
    set uncovered {}
    foreach id [dict keys [acsh::catalog_rules]] {
        if {$id ni $claimed} { lappend uncovered $id }
    }
    set uncovered
} -result {}

test scenarios-have-expect {every scenario asserts its answer} -body {
    set lacking {}
    foreach dir [acsh::scenarios] {
        if {![file exists [file join $dir expect]] || ![file exists [file join $dir rule]]} {
            lappend lacking [file tail $dir]
        }
    }
    set lacking
} -result {}

test x86-covered {at least one scenario runs through the x86 DLL and stand-in} -body {
    set n 0
    foreach dir [acsh::scenarios] {
        if {"x86" in [acsh::scenario_setting $dir arch x64]} { incr n }
    }
    expr {$n > 0}
} -result 1

# ------------------------------------------------------------ the scenarios
# x86 runs need a kernel that runs 32-bit programs (the Makefile's ACS_RUN_X86);
# without one the x86 runs are skipped, and said to be, never counted as passed.
set run_x86 [expr {![info exists ::env(ACS_RUN_X86)] || $::env(ACS_RUN_X86) ne "0"}]
set jobs {}
set skipped_x86 {}
foreach dir $scenario_dirs {
    foreach arch [acsh::scenario_setting $dir arch x64] {
        if {$arch eq "x86" && !$run_x86} { lappend skipped_x86 [file tail $dir]; continue }
        lappend jobs [list $dir $arch]
    }
}
if {[llength $skipped_x86]} {
    puts stderr "scenarios: NOT RUN on x86 (this kernel cannot run 32-bit programs): [join $skipped_x86 {, }]"
}
set workers [expr {[info exists ::env(ACS_SCENARIO_WORKERS)] ? $::env(ACS_SCENARIO_WORKERS) : 2}]
set results [dict create]
set running 0
set resultdir [file join [acsh::build_dir] scenario-results]
file mkdir $resultdir

# Each worker owns one prefix; a job is a child tclsh running scenario.tcl.
proc start_job {worker} {
    global jobs running resultdir
    if {![llength $jobs]} return
    set jobs [lassign $jobs job]
    lassign $job dir arch
    set key "[file tail $dir]/$arch"
    set rfile [file join $resultdir [file tail $dir]-$arch.result]
    file delete -force $rfile
    set prefix [file join [acsh::build_dir] wine worker-$worker]
    set cmd [list [info nameofexecutable] [acsh::path tests harness scenario.tcl] \
        --arch $arch --prefix $prefix --result $rfile $dir]
    set chan [open |[concat $cmd [list 2>@1]] r]
    fconfigure $chan -blocking 0
    incr running
    fileevent $chan readable [list job_output $chan $worker $key $rfile]
}

proc job_output {chan worker key rfile} {
    global running results
    read $chan
    if {![eof $chan]} return
    fconfigure $chan -blocking 1
    catch {close $chan}
    if {[file exists $rfile]} {
        dict set results $key [acsh::read_text $rfile]
    } else {
        dict set results $key [dict create ok 0 output "" failures {"scenario.tcl left no result"} seconds 0]
    }
    set r [dict get $results $key]
    puts stderr [format "  %-40s %s %5.1f s" $key [expr {[dict get $r ok] ? "ok    " : "FAILED"}] [dict get $r seconds]]
    incr running -1
    start_job $worker
}

set missing_bins {}
foreach arch [expr {$run_x86 ? {x64 x86} : {x64}}] { lappend missing_bins {*}[acsh::missing_binaries $arch] }
if {[llength $missing_bins]} {
    test binaries-built {the provider, stand-in and MOF exist} -body { set missing_bins } -result {}
} elseif {[llength $jobs]} {
    acsh::ensure_template
    set started [clock milliseconds]
    puts stderr "scenarios: [llength $jobs] runs on $workers workers"
    for {set w 1} {$w <= $workers} {incr w} { start_job $w }
    while {$running > 0} { vwait running }
    puts stderr [format "scenarios: %.1f s" [expr {([clock milliseconds] - $started) / 1000.0}]]
    for {set w 1} {$w <= $workers} {incr w} {
        catch {acsh::stop_server [file join [acsh::build_dir] wine worker-$w]}
    }
}

dict for {key r} $results {
    test scenario-$key "scenario $key answers as its expect file says" -body {
        set failures [dict get $r failures]
        if {[llength $failures]} {
            # The answer the provider gave, to compare with expect.
            return "[join $failures \n]\n--- output:\n[dict get $r output]"
        }
        return ok
    } -result ok
}

::tcltest::cleanupTests
exit $failed
