# Protected-service benchmark (make bench-ppl, part of make bench): an
# emulated Server 2019 with 400 services, three of them protected with 10 MB
# images signed at test time (tests/harness/signing.tcl), against the same
# machine with no protected service. Reports the cold and warm cost of
# enumerating AcsReadiness_PplModule through the stand-in (every query reads
# every fact, so the difference between the two machines is what protected
# services cost), then the stand-in's memory over 10,000 queries.
#
#   tclsh tests/harness/bench_ppl.tcl
# Environment: ACS_BENCH_PPL_PROCESSES (cold samples, default 3),
# ACS_BENCH_PPL_REPEAT (warm calls per process, default 200),
# ACS_BENCH_PPL_QUERIES (the memory run, default 10000).
#
# Cold = the first call in a new stand-in process: DLL load, catalog, and the
# first hash of each image (the signature cache is per process); warm = every
# later call. Memory = VmRSS of the stand-in process (the DLL's host) sampled
# every 2 s; "flat" means the last sample is within 2 MiB of the one taken
# after the first 10% of the queries.
source [file join [file dirname [info script]] lib.tcl]

proc env_or {name default} {
    if {[info exists ::env($name)] && $::env($name) ne ""} { return $::env($name) }
    return $default
}
set processes [env_or ACS_BENCH_PPL_PROCESSES 3]
set repeat [env_or ACS_BENCH_PPL_REPEAT 200]
set queries [env_or ACS_BENCH_PPL_QUERIES 10000]
set arch x64
set class AcsReadiness_PplModule

# A scenario folder in build/: machine.reg with 400 services, and an images file.
proc bench_machine {name protected} {
    set dir [file join [acsh::build_dir] bench-ppl $name]
    file mkdir $dir
    set base [acsh::read_text [acsh::path tests scenarios ws2019-ubr2210 machine.reg]]
    set text [string map [list "\r\n" "\n"] $base]
    append text "\n; Benchmark: 400 services, [expr {$protected ? 3 : 0}] of them protected\n"
    for {set i 0} {$i < 397} {incr i} {
        append text "\n\[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\BenchSvc$i\]\n"
        append text "\"DisplayName\"=\"Benchmark service $i\"\n"
        append text "\"ImagePath\"=\"C:\\\\Program Files\\\\Bench\\\\svc$i.exe -k\"\n"
        append text "\"Start\"=dword:00000004\n\"Type\"=dword:00000010\n"
    }
    # Every query collects (docs/classes.md, "How fresh an answer is"): this
    # benchmark measures a collection, not the facts snapshot.
    append text "\n\[HKEY_LOCAL_MACHINE\\SOFTWARE\\acsready\]\n\"FactsCacheMilliseconds\"=dword:00000000\n"
    set images "# made at test time\nroot acs\n"
    foreach {svc kind} {ContosoAV acs LegacyAV legacy FabrikamEDR acs} {
        append text "\n\[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\$svc\]\n"
        append text "\"ImagePath\"=\"\\\"C:\\\\Program Files\\\\$svc\\\\engine.exe\\\" -service\"\n"
        if {$protected} { append text "\"LaunchProtected\"=dword:00000003\n" }
        append text "\"Start\"=dword:00000003\n\"Type\"=dword:00000010\n"
        append images "image $kind 10 C:\\Program Files\\$svc\\engine.exe\n"
    }
    acsh::write_file [file join $dir machine.reg] $text
    acsh::write_file [file join $dir images] $images
    return $dir
}

proc percentile {values p} {
    set sorted [lsort -real $values]
    set n [llength $sorted]
    if {!$n} { return "" }
    set i [expr {max(0, int(ceil($p / 100.0 * $n)) - 1)}]
    return [lindex $sorted $i]
}

proc samples {output} {
    set out {}
    foreach line [split $output \n] {
        if {[regexp {^timing: sample op="enum [A-Za-z_]+" thread=\d+ run=\d+ ms=([0-9.]+)} [string trim $line] -> ms]} {
            lappend out $ms
        }
    }
    return $out
}

proc rss_kib {pid} {
    if {[catch {open /proc/$pid/status} f]} { return "" }
    set kib ""
    foreach line [split [read $f] \n] {
        if {[regexp {^VmRSS:\s+(\d+) kB} $line -> kib]} break
    }
    close $f
    return $kib
}

set missing [acsh::missing_binaries $arch]
if {[llength $missing]} {
    puts stderr "bench-ppl: not built: [join $missing {, }]"
    exit 1
}
set failures 0
set rows {}
foreach {name protected} {protected 1 none 0} {
    set dir [bench_machine $name $protected]
    set prefix [file join [acsh::build_dir] wine bench-ppl]
    set installed [acsh::prepare_machine $dir $arch $prefix]
    set cold {}
    set warm {}
    for {set p 0} {$p < $processes} {incr p} {
        lassign [acsh::query $prefix $installed $arch --timing --quiet --repeat $repeat --enum $class] rc out
        if {$rc != 0} {
            puts stderr "bench-ppl: stand-in exit $rc ([acsh::standin_meaning $rc]):\n$out"
            incr failures
            break
        }
        set s [samples [string map [list "\r\n" "\n"] $out]]
        lappend cold [lindex $s 0]
        lappend warm {*}[lrange $s 1 end]
    }
    lappend rows [list $name cold [llength $cold] [percentile $cold 50] [percentile $cold 95]]
    lappend rows [list $name warm [llength $warm] [percentile $warm 50] [percentile $warm 95]]
    set p95($name) [percentile $warm 95]
    set p50($name) [percentile $warm 50]

    if {$protected} {
        # Memory over many queries, sampled from outside.
        acsh::wine_env $prefix
        set cmd [list $acsh::wine [dict get $installed standin] --clsid $acsh::clsid --mof [dict get $installed mof] \
            --quiet --repeat $queries --timeout 3600 --enum $class]
        set chan [open |[concat $cmd [list 2>@1]] r]
        fconfigure $chan -blocking 0
        set pid [lindex [pid $chan] 0]
        set start [clock milliseconds]
        set mem {}
        while {![eof $chan]} {
            read $chan
            set kib [rss_kib $pid]
            if {$kib ne ""} { lappend mem [list [expr {([clock milliseconds] - $start) / 1000.0}] $kib] }
            after 2000
        }
        fconfigure $chan -blocking 1
        if {[catch {close $chan} err]} {
            puts stderr "bench-ppl: the $queries-query run failed: $err"
            incr failures
        }
        set seconds [expr {([clock milliseconds] - $start) / 1000.0}]
    }
    acsh::stop_server $prefix
}

set out [file join [acsh::build_dir] bench]
file mkdir $out
set csv [open [file join $out ppl.csv] w]
puts $csv "machine,kind,samples,p50_ms,p95_ms"
puts [format "%-10s %-5s %7s %10s %10s" machine kind samples p50_ms p95_ms]
foreach row $rows {
    lassign $row name kind n a b
    puts [format "%-10s %-5s %7s %10.3f %10.3f" $name $kind $n $a $b]
    puts $csv [join [list $name $kind $n [format %.3f $a] [format %.3f $b]] ,]
}
close $csv
puts [format "protected services cost (warm, protected - none): p50 %.3f ms, p95 %.3f ms" \
    [expr {$p50(protected) - $p50(none)}] [expr {$p95(protected) - $p95(none)}]]
puts [format "target: warm %s p95 %.3f ms under Wine (<= 5 ms): %s" $class $p95(protected) \
    [expr {$p95(protected) <= 5 ? "met" : "MISSED (the whole query; see the difference above)"}]]
if {[llength $mem] >= 3} {
    set first [lindex $mem [expr {max(1, [llength $mem] / 10)}]]
    set last [lindex $mem end]
    set growth [expr {([lindex $last 1] - [lindex $first 1]) / 1024.0}]
    puts [format "memory: %d queries in %.0f s; stand-in RSS %.1f MiB at %.0f s, %.1f MiB at %.0f s (%+.1f MiB): %s" \
        $queries $seconds [expr {[lindex $first 1] / 1024.0}] [lindex $first 0] [expr {[lindex $last 1] / 1024.0}] \
        [lindex $last 0] $growth [expr {abs($growth) <= 2.0 ? "flat" : "GROWS"}]]
    if {abs($growth) > 2.0} { incr failures }
} else {
    puts "memory: too few samples"
}
puts "wrote [file join $out ppl.csv]"
exit [expr {$failures > 0}]
