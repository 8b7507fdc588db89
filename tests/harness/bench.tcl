# Provider benchmark: warm and cold enumeration of each class through the
# stand-in, on an emulated Server 2012 R2 with 1,000 and one with 20,000 CBS
# package keys, by direct look-ups (the provider's way) and by scanning every
# package key (for comparison). Prints a table, writes build/bench/provider.csv.
#
#   tclsh tests/harness/bench.tcl
# Environment: ACS_BENCH_PROCESSES (cold samples, default 10), ACS_BENCH_REPEAT
# (calls per process, default 50), ACS_BENCH_SIZES (default "1000 20000"),
# ACS_BENCH_SCAN_PROCESSES / ACS_BENCH_SCAN_REPEAT (the scan row, default 2 x 3),
# ACS_BENCH_MEMORY_CALLS (default 10000), ACS_BENCH_RELOADS (default 1000),
# ACS_BENCH_MEMORY_GROWTH_KB (default 4096: the allowed working-set growth),
# ACS_BENCH_BURSTS / ACS_BENCH_BURST_PROCESSES (the full enumeration: bursts
# per process, default 100, and processes, default 5),
# ACS_BENCH_BURST_WINDOW_MS / ACS_BENCH_BURST_PAUSE_MS (the snapshot's window
# in those runs and the pause between bursts, default 50 and 100),
# ACS_BENCH_TIMING_ROUNDS (collect-timing.exe, default 300).
#
# Per class: every call collects the facts (FactsCacheMilliseconds = 0), so
# the rows show one collection's cost. Each class runs alone in
# ACS_BENCH_PROCESSES processes of its own. Cold = the first call of a class in a
# new stand-in process (the collectors' first reads; the DLL load and
# Initialize are the stand-in's activate_ms and initialize_ms, not in the
# call); warm = every later call in that process.
# Full enumeration: the three classes one after the other, as an admin's
# command or SCCM's inventory asks, with the facts snapshot on; bursts
# ACS_BENCH_BURST_PAUSE_MS apart, longer than the snapshot's window
# (FactsCacheMilliseconds = ACS_BENCH_BURST_WINDOW_MS), so each burst
# collects once and answers two classes from its snapshot, as a burst minutes
# after the last does with the default 2 s window. A sample is the sum of the
# three calls. Cold = the first burst in a new process.
# Provider share = the call minus the host's share; host share = the time
# in the stand-in's sink (its creation, Indicate, SetStatus, the wait for the
# final status) and its namespace's GetObject. Timings come from the
# stand-in's --timing lines.
# Where one collection goes: collect-timing.exe (tests/bench/collect_timing.c)
# on the large machine, per collector with its seam calls.
# The scan variant swaps in the benchmark's build of the provider,
# build/<arch>/bench/acsreadyprov.dll, whose collectors scan every CBS package
# key (tests/bench/cbs_scan.c) instead of the direct look-ups; the DLL that
# ships has no such code.
source [file join [file dirname [info script]] lib.tcl]

proc env_or {name default} {
    if {[info exists ::env($name)] && $::env($name) ne ""} { return $::env($name) }
    return $default
}

set processes [env_or ACS_BENCH_PROCESSES 10]
set repeat [env_or ACS_BENCH_REPEAT 50]
# A scan of 20,000 keys costs ~2 s a call in Wine (~80 us a key): the
# comparison row needs a handful of samples, not hundreds.
set scan_processes [env_or ACS_BENCH_SCAN_PROCESSES 2]
set scan_repeat [env_or ACS_BENCH_SCAN_REPEAT 3]
set sizes [env_or ACS_BENCH_SIZES {1000 20000}]
set bursts [env_or ACS_BENCH_BURSTS 100]
set burst_processes [env_or ACS_BENCH_BURST_PROCESSES 5]
set burst_window [env_or ACS_BENCH_BURST_WINDOW_MS 50]
set burst_pause [env_or ACS_BENCH_BURST_PAUSE_MS 100]
set timing_rounds [env_or ACS_BENCH_TIMING_ROUNDS 300]
set arch x64
set classes $acsh::classes

# The machine: Server 2012 R2 on the October 2021 rollup, plus `count` package
# keys shaped like a real server's (Package_<n>_for_KB..., feature packages),
# each with an index entry, as CBS keeps them.
proc bench_reg {count file} {
    set cbs {HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing}
    set f [open $file w]
    fconfigure $f -encoding utf-8 -translation crlf
    puts $f "Windows Registry Editor Version 5.00\n"
    puts $f "; Benchmark machine: Server 2012 R2 on the October 2021 rollup with $count CBS package keys"
    set machine [acsh::read_text [acsh::path tests scenarios ws2012r2-rollup-2022 machine.reg]]
    puts $f [join [lrange [split [string map [list "\r\n" "\n"] $machine] \n] 1 end] \n]
    set features {Microsoft-Windows-Client-LanguagePack Microsoft-Windows-Foundation Microsoft-Windows-IIS-WebServer
        Microsoft-Windows-NetFx3-OnDemand Microsoft-Windows-ServerCore-Drivers Microsoft-Hyper-V-ClientEdition}
    for {set i 0} {$i < $count} {incr i} {
        if {$i % 5 == 4} {
            set name "[lindex $features [expr {$i % [llength $features]}]]-Package-$i"
        } else {
            # Old KBs from the 3.x/4.x ranges: none the catalog cares about.
            set name "Package_[expr {$i % 40 + 1}]_for_KB[expr {3000000 + $i * 7}]"
        }
        set identity "$name~31bf3856ad364e35~amd64~~6.3.1.[expr {$i % 9 + 1}]"
        puts $f "\[$cbs\\Packages\\$identity\]"
        puts $f "\"CurrentState\"=dword:00000070"
        puts $f "\"InstallName\"=\"$identity.mum\""
        puts $f ""
        puts $f "\[$cbs\\PackageIndex\\$name~31bf3856ad364e35~amd64~~0.0.0.0\]"
        puts $f "\"$identity\"=dword:00000000"
        puts $f ""
    }
    puts $f [acsh::overrides_reg]
    close $f
}

# A cached prefix per size: the template plus that machine, built once
# (importing 20,000 keys takes seconds; a benchmark run must not pay it).
proc bench_prefix {count} {
    global arch
    set prefix [file join [acsh::build_dir] wine bench-$count]
    if {[file exists [file join $prefix .acsready-bench]]} { return $prefix }
    set t [clock milliseconds]
    file delete -force $prefix
    acsh::prepare_worker $prefix
    acsh::wine_env $prefix
    set reg [file join $prefix drive_c acsready-bench.reg]
    bench_reg $count $reg
    lassign [acsh::run $acsh::wine64 regedit /S [acsh::winpath $prefix $reg]] rc out
    if {$rc != 0} { error "regedit: $out" }
    acsh::run wineserver -w
    close [open [file join $prefix .acsready-bench] w]
    puts stderr [format "bench: machine with %d package keys built in %.1f s" $count \
        [expr {([clock milliseconds] - $t) / 1000.0}]]
    return $prefix
}

proc install {prefix} {
    global arch
    acsh::wine_env $prefix
    set installed [dict create]
    foreach {what name} {dll acsreadyprov.dll standin wmiprvse.exe mof acsready.mof} {
        set rel [file join drive_c acsready $arch $name]
        file mkdir [file dirname [file join $prefix $rel]]
        file copy -force [dict get [acsh::binaries $arch] $what] [file join $prefix $rel]
        dict set installed $what [acsh::winpath $prefix [file join $prefix $rel]]
    }
    file copy -force [acsh::path provider catalog acsready-catalog.xml] \
        [file join $prefix drive_c acsready $arch acsready-catalog.xml]
    file copy -force [acsh::kernel_fixture 6.3.9600.20396] [file join $prefix drive_c windows system32 ntoskrnl.exe]
    lassign [acsh::run $acsh::wine64 {C:\windows\system32\regsvr32.exe} /s [dict get $installed dll]] rc out
    if {$rc != 0} { error "regsvr32: $out" }
    acsh::stop_server $prefix
    return $installed
}

# HKLM\SOFTWARE\acsready FactsCacheMilliseconds in the prefix (64-bit view).
proc set_facts_window {prefix ms} {
    acsh::wine_env $prefix
    lassign [acsh::run $acsh::wine64 reg add {HKLM\SOFTWARE\acsready} /v FactsCacheMilliseconds \
        /t REG_DWORD /d $ms /f] rc out
    if {$rc != 0} { error "reg add FactsCacheMilliseconds: $out" }
    acsh::stop_server $prefix
}

# Per burst (thread 0, run r): the sum of its calls, and of their provider and
# host shares. Returns a list of {total_us provider_us host_us}, run order.
proc parse_bursts {output} {
    set total [dict create]
    set own [dict create]
    set host [dict create]
    foreach line [split $output \n] {
        set line [string trim $line]
        if {[regexp {^timing: sample op="[^"]+" thread=0 run=(\d+) ms=([0-9.]+)$} $line -> run ms]} {
            if {![dict exists $total $run]} { dict set total $run 0.0 }
            dict set total $run [expr {[dict get $total $run] + $ms * 1000.0}]
        } elseif {[regexp {^timing: share op="[^"]+" thread=0 run=(\d+) provider_ms=([0-9.-]+) sink_ms=([0-9.]+)$} \
            $line -> run p h]} {
            if {![dict exists $own $run]} { dict set own $run 0.0; dict set host $run 0.0 }
            dict set own $run [expr {[dict get $own $run] + $p * 1000.0}]
            dict set host $run [expr {[dict get $host $run] + $h * 1000.0}]
        }
    }
    set out {}
    foreach run [lsort -integer [dict keys $total]] {
        lappend out [list [dict get $total $run] [dict get $own $run] [dict get $host $run]]
    }
    return $out
}

# --timing lines: "timing <Class> <call> <microseconds> us" (any line starting
# with "timing", naming the class, and ending in a number with us or ms).
# "timing: share" lines: the same call split into the stand-in's sink (cloning
# what was indicated) and the rest, the provider's own share (with the Wine
# server round trips it makes). Returns class -> {provider_us sink_us} pairs.
proc parse_shares {output} {
    set shares [dict create]
    foreach line [split $output \n] {
        set line [string trim $line]
        if {![regexp {^timing: share op="enum ([A-Za-z_]+)" thread=\d+ run=\d+ provider_ms=([0-9.-]+) sink_ms=([0-9.]+)$} \
            $line -> class provider sink]} continue
        dict lappend shares $class [list [expr {$provider * 1000.0}] [expr {$sink * 1000.0}]]
    }
    return $shares
}

# "memory: calls=N private_kb=P working_set_kb=W" lines, in order.
proc parse_memory {output} {
    set out {}
    foreach line [split $output \n] {
        if {[regexp {^memory: calls=(\d+) private_kb=(\d+) working_set_kb=(\d+)} [string trim $line] -> n p w]} {
            lappend out [list $n $p $w]
        }
    }
    return $out
}

proc parse_timings {output} {
    set samples [dict create]
    foreach line [split $output \n] {
        set line [string trim $line]
        # The stand-in's per-call line; thread 0 run 0 comes first (the cold call).
        if {![regexp {^timing: sample op="enum ([A-Za-z_]+)" thread=\d+ run=\d+ ms=([0-9.]+)$} $line -> class ms]} continue
        dict lappend samples $class [expr {$ms * 1000.0}]
    }
    return $samples
}

proc percentile {values p} {
    set sorted [lsort -real $values]
    set n [llength $sorted]
    if {!$n} { return "" }
    set i [expr {int(ceil($p / 100.0 * $n)) - 1}]
    if {$i < 0} { set i 0 }
    return [lindex $sorted $i]
}

# One stand-in run enumerating every class with the given options; its
# output, or "" after counting a failure (what names the run in the message).
# Each class n times, the classes interleaved so that a change of load over
# the run touches each alike: one stand-in process per entry.
proc classes_interleaved {n} {
    global classes
    set order {}
    for {set p 0} {$p < $n} {incr p} { lappend order {*}$classes }
    return $order
}

proc bench_run {prefix installed what options run_classes} {
    global arch failures
    foreach class $run_classes { lappend options --enum $class }
    lassign [acsh::query $prefix $installed $arch {*}$options] rc out
    if {$rc == 0} { return $out }
    puts stderr "bench: stand-in exit $rc ([acsh::standin_meaning $rc]) on $what:\n$out"
    incr failures
    return ""
}

set missing [acsh::missing_binaries $arch]
if {[llength $missing]} {
    puts stderr "bench-provider: not built: [join $missing {, }]"
    exit 1
}
acsh::ensure_template
set rows {}
set failures 0
foreach count $sizes {
    set prefix [bench_prefix $count]
    set installed [install $prefix]
    set_facts_window $prefix 0
    foreach method {lookup scan} {
        # The same registered path; only the file behind it changes.
        set dll [expr {$method eq "scan" ? [file join [acsh::build_dir] $arch bench acsreadyprov.dll] : [dict get [acsh::binaries $arch] dll]}]
        file copy -force $dll [file join $prefix drive_c acsready $arch acsreadyprov.dll]
        set cold [dict create]
        set warm [dict create]
        set cold_share [dict create]
        set warm_share [dict create]
        set answers {}
        set n_processes [expr {$method eq "scan" ? $scan_processes : $processes}]
        set n_repeat [expr {$method eq "scan" ? $scan_repeat : $repeat}]
        # Each class in processes of its own, so that its cold call is the
        # first of a process (its collectors' first reads), not a call after
        # another class warmed them.
        foreach class_alone [classes_interleaved $n_processes] {
            set out [bench_run $prefix $installed "$count keys ($method, $class_alone)" \
                [list --timing --repeat $n_repeat] [list $class_alone]]
            if {$out eq ""} break
            set lines {}
            foreach line [split [string map [list "\r\n" "\n"] $out] \n] {
                if {[regexp {^AcsReadiness[A-Za-z_]*(\[[^\]]*\])?\.(State|Satisfied|MissingUpdates) = } $line]} { lappend lines $line }
            }
            dict lappend answers $class_alone [lsort -unique $lines]
            dict for {class us} [parse_timings $out] {
                dict lappend cold $class [lindex $us 0]
                foreach v [lrange $us 1 end] { dict lappend warm $class $v }
            }
            dict for {class pairs} [parse_shares $out] {
                dict lappend cold_share $class [lindex $pairs 0]
                foreach v [lrange $pairs 1 end] { dict lappend warm_share $class $v }
            }
        }
        acsh::stop_server $prefix
        set first_answers {}
        dict for {class_alone seen} $answers {
            if {[llength [lsort -unique $seen]] > 1} {
                puts stderr "bench: answers differ between runs on $count keys ($method, $class_alone)"
                incr failures
            }
            lappend first_answers {*}[lindex $seen 0]
        }
        # A row that was not run (0 processes) has no answer to compare.
        if {$n_processes > 0} { set answer($count,$method) [lsort $first_answers] }
        foreach class $classes {
            foreach kind {cold warm} {
                set values [expr {[dict exists [set $kind] $class] ? [dict get [set $kind] $class] : {}}]
                set pairs [expr {[dict exists [set ${kind}_share] $class] ? [dict get [set ${kind}_share] $class] : {}}]
                set own {}
                set host {}
                foreach pair $pairs { lappend own [lindex $pair 0]; lappend host [lindex $pair 1] }
                lappend rows [list $count $method $class $kind [llength $values] \
                    [percentile $values 50] [percentile $values 95] [percentile $own 50] [percentile $own 95] \
                    [percentile $host 95]]
            }
        }
    }
    # The full enumeration, with the facts snapshot on (the shipped DLL).
    file copy -force [dict get [acsh::binaries $arch] dll] [file join $prefix drive_c acsready $arch acsreadyprov.dll]
    set_facts_window $prefix $burst_window
    set burst_cold {}
    set burst_warm {}
    for {set p 0} {$p < $burst_processes} {incr p} {
        set out [bench_run $prefix $installed "$count keys (full enumeration)" \
            [list --quiet --timing --pause $burst_pause --repeat $bursts] $classes]
        if {$out eq ""} break
        set samples [parse_bursts $out]
        lappend burst_cold [lindex $samples 0]
        foreach v [lrange $samples 1 end] { lappend burst_warm $v }
    }
    acsh::stop_server $prefix
    foreach kind {cold warm} {
        set total {}
        set own {}
        set host {}
        foreach v [set burst_$kind] { lappend total [lindex $v 0]; lappend own [lindex $v 1]; lappend host [lindex $v 2] }
        lappend rows [list $count lookup "all three classes" $kind [llength $total] [percentile $total 50] \
            [percentile $total 95] [percentile $own 50] [percentile $own 95] [percentile $host 95]]
        set full($count,$kind) [list [percentile $total 50] [percentile $total 95]]
    }
    set_facts_window $prefix 0
}

# Table and CSV.
set out [file join [acsh::build_dir] bench]
file mkdir $out
set csv [open [file join $out provider.csv] w]
puts $csv "package_keys,method,class,kind,samples,p50_ms,p95_ms,provider_p50_ms,provider_p95_ms,host_p95_ms"
# provider_*: the call minus the host's share (the stand-in's sink, its wait
# and its namespace's GetObject): the provider's own share, Wine server round
# trips included; host_p95: the host's.
puts [format "%-8s %-7s %-26s %-5s %7s %10s %10s %12s %12s %10s" keys method class kind samples p50_ms p95_ms \
    prov_p50_ms prov_p95_ms host_p95_ms]
proc ms {us} { expr {$us eq "" ? "" : [format %.3f [expr {$us / 1000.0}]]} }
foreach row $rows {
    lassign $row count method class kind n p50 p95 own50 own95 host95
    puts [format "%-8s %-7s %-26s %-5s %7s %10s %10s %12s %12s %10s" $count $method $class $kind $n [ms $p50] \
        [ms $p95] [ms $own50] [ms $own95] [ms $host95]]
    puts $csv [join [list $count $method [string map {" " _} $class] $kind $n [ms $p50] [ms $p95] [ms $own50] \
        [ms $own95] [ms $host95]] ,]
    set p95_of($count,$method,$class,$kind) $p95
    set p50_of($count,$method,$class,$kind) $p50
}
close $csv

# Targets (issue 4): warm AcsReadiness p95 <= 10 ms; large/small <= 1.5.
set small [lindex $sizes 0]
set large [lindex $sizes end]
set key "AcsReadiness,warm"
if {[info exists p95_of($large,lookup,$key)] && $p95_of($large,lookup,$key) ne ""} {
    set warm_ms [expr {$p95_of($large,lookup,$key) / 1000.0}]
    set ratio [expr {$p95_of($large,lookup,$key) / max(1.0, $p95_of($small,lookup,$key))}]
    puts [format "target: warm AcsReadiness p95 %.3f ms on %s keys (<= 10 ms): %s" $warm_ms $large \
        [expr {$warm_ms <= 10 ? "met" : "MISSED"}]]
    puts [format "target: large/small warm p95 %.2f (<= 1.5): %s" $ratio [expr {$ratio <= 1.5 ? "met" : "MISSED"}]]
    if {[info exists p95_of($large,scan,$key)] && $p95_of($large,scan,$key) ne ""} {
        puts [format "scan: warm AcsReadiness p95 %.3f ms on %s keys (%.1fx the look-ups)" \
            [expr {$p95_of($large,scan,$key) / 1000.0}] $large \
            [expr {$p95_of($large,scan,$key) / max(1.0, $p95_of($large,lookup,$key))}]]
    }
} else {
    puts "target: no timing lines from the stand-in (--timing): nothing to compare"
    incr failures
}
# Per class (one collection a call): warm p50 no slower than cold p50.
foreach class $classes {
    if {![info exists p50_of($large,lookup,$class,warm)] || $p50_of($large,lookup,$class,warm) eq ""} continue
    set w50 $p50_of($large,lookup,$class,warm)
    set c50 $p50_of($large,lookup,$class,cold)
    puts [format "target: warm <= cold, %s (one collection a call): warm p50 %.3f ms, cold p50 %.3f ms on %s keys: %s" \
        $class [expr {$w50 / 1000.0}] [expr {$c50 / 1000.0}] $large [expr {$w50 <= $c50 ? "met" : "MISSED"}]]
}
# Issue 9: a full enumeration of the three classes, warm, no slower than cold
# and within 1.5 ms p95 on the large machine.
if {[info exists full($large,warm)] && [lindex $full($large,warm) 1] ne ""} {
    lassign $full($large,warm) w50 w95
    lassign $full($large,cold) c50 c95
    puts [format "target: warm full enumeration (3 classes) p95 %.3f ms on %s keys (<= 1.5 ms): %s" \
        [expr {$w95 / 1000.0}] $large [expr {$w95 <= 1500 ? "met" : "MISSED"}]]
    puts [format "target: warm <= cold, full enumeration: warm p95 %.3f ms, cold p50 %.3f ms on %s keys: %s" \
        [expr {$w95 / 1000.0}] [expr {$c50 / 1000.0}] $large [expr {$w95 <= $c50 ? "met" : "MISSED"}]]
}
foreach count $sizes {
    if {[info exists answer($count,scan)] && $answer($count,scan) ne $answer($count,lookup)} {
        puts "scan and look-ups disagree on $count keys:\n  lookup: $answer($count,lookup)\n  scan:   $answer($count,scan)"
        incr failures
    }
}
# Where one collection goes, per collector (issue 9), on the large machine:
# the provider's process-wide caches, then without them.
set timing_exe [file join [acsh::build_dir] $arch bench collect-timing.exe]
if {[file exists $timing_exe]} {
    set large_prefix [bench_prefix $large]
    acsh::wine_env $large_prefix
    foreach flags {{} --uncached} {
        lassign [acsh::run $acsh::wine64 $timing_exe --rounds $timing_rounds {*}$flags] rc timing_out
        if {$rc != 0} {
            puts "collect-timing: exit $rc: $timing_out"
            incr failures
            continue
        }
        puts [string map [list "\r\n" "\n"] $timing_out]
    }
    acsh::stop_server $large_prefix
} else {
    puts "collect-timing: not built ($timing_exe): no per-collector table"
}

# Bounds in memory (issue 9): the host's memory after 1 and after 10,000
# queries in one process, and after 1 and 1,000 load/unload cycles. Wine does
# not report private bytes (0), so the working set is compared. Growth above
# ACS_BENCH_MEMORY_GROWTH_KB (default 4096) fails the benchmark.
set growth_limit [env_or ACS_BENCH_MEMORY_GROWTH_KB 4096]
set calls [env_or ACS_BENCH_MEMORY_CALLS 10000]
set reloads [env_or ACS_BENCH_RELOADS 1000]
set small_prefix [bench_prefix $small]
set installed [install $small_prefix]
set per_class [expr {($calls + [llength $classes] - 1) / [llength $classes]}]
set enum_args {}
foreach class $classes { lappend enum_args --enum $class }
foreach {what args} [list "queries" [list --quiet --memory --repeat $per_class {*}$enum_args] \
                         "load/unload cycles" [list --quiet --memory --reload $reloads --enum AcsReadiness]] {
    set t [clock milliseconds]
    lassign [acsh::query $small_prefix $installed $arch {*}$args] rc mem_out
    set seconds [expr {([clock milliseconds] - $t) / 1000.0}]
    set samples [parse_memory $mem_out]
    if {$rc != 0 || [llength $samples] < 2} {
        puts "memory ($what): stand-in exit $rc ([acsh::standin_meaning $rc]), [llength $samples] memory lines"
        incr failures
        continue
    }
    lassign [lindex $samples 0] n1 p1 w1
    lassign [lindex $samples end] n2 p2 w2
    set grew [expr {$w2 - $w1}]
    puts [format "memory (%s, %s keys): working set %d KB after %d calls, %d KB after %d calls (%+d KB; limit %d): %s; %.1f s" \
        $what $small $w1 $n1 $w2 $n2 $grew $growth_limit [expr {$grew <= $growth_limit ? "met" : "MISSED"}] $seconds]
    if {$grew > $growth_limit} { incr failures }
}
acsh::stop_server $small_prefix
puts "wrote [file join $out provider.csv]"
exit [expr {$failures > 0}]
