# Shared by tests/cli/*.test: runs acsready (native, or an .exe in Wine) and
# makes a failing file exit 1 (tcltest alone exits 0 on failures).
#   ACSREADY=path/to/acsready[.exe]  ACSREADY_WINE=1 to run it through wine.
package require tcltest 2.5
package require json
namespace import ::tcltest::*
::tcltest::configure {*}$argv

if {![info exists ::env(ACSREADY)]} {
    puts stderr "set ACSREADY to the acsready binary"
    exit 2
}
set ::acsready $::env(ACSREADY)
set ::wine [expr {[info exists ::env(ACSREADY_WINE)] && $::env(ACSREADY_WINE) ne ""}]
set ::data [file normalize [file dirname [info script]]]
set ::top [file normalize [file join $::data .. .. ..]]
# Under build/, not tcltest's default (the current directory, the checkout):
# an interrupted run must not leave files where git would pick them up.
set ::scratch [file join $::top build tmp acsready-cli-[pid]]
file mkdir $::scratch

# smoke: also run against acsready.exe in Wine. native: the Linux binary only.
testConstraint smoke 1
testConstraint native [expr {!$::wine}]
testConstraint wine $::wine

set ::failed 0
proc ::tcltest::cleanupTestsHook {} {
    variable numTests
    set ::failed $numTests(Failed)
}
proc finish {} {
    cleanupTests
    file delete -force $::scratch
    exit [expr {$::failed > 0 ? 1 : 0}]
}

# run ?-stdin FILE? ?-env {NAME VALUE ...}? args -> dict status out err
proc run {args} {
    set stdin /dev/null
    set extra_env {}
    while {[string match -* [lindex $args 0]] && [lindex $args 0] in {-stdin -env}} {
        switch -- [lindex $args 0] {
            -stdin { set stdin [lindex $args 1] }
            -env { set extra_env [lindex $args 1] }
        }
        set args [lrange $args 2 end]
    }
    set out [file join $::scratch out.txt]
    set err [file join $::scratch err.txt]
    set cmd [list $::acsready {*}$args]
    if {$::wine} {
        set cmd [list env WINEDEBUG=-all {WINEDLLOVERRIDES=mscoree=;mshtml=} wine {*}$cmd]
    }
    # Set and restore one name at a time: unsetting the whole env array
    # detaches it from the process environment.
    set saved {}
    foreach {name value} $extra_env {
        if {[info exists ::env($name)]} { dict set saved $name $::env($name) } else { dict set saved $name {} }
        set ::env($name) $value
    }
    set status 0
    try {
        exec {*}$cmd <$stdin >$out 2>$err
    } trap CHILDSTATUS {result options} {
        set status [lindex [dict get $options -errorcode] 2]
    } finally {
        dict for {name value} $saved {
            if {$value eq ""} { unset -nocomplain ::env($name) } else { set ::env($name) $value }
        }
    }
    dict create status $status out [slurp $out] err [slurp $err]
}

proc slurp {path} {
    set f [open $path rb]
    set text [encoding convertfrom utf-8 [read $f]]
    close $f
    # Wine's console layer may turn LF into CRLF; compare text, not line ends.
    if {$::wine} { set text [string map [list "\r\n" "\n"] $text] }
    return $text
}

# The value of "Name : Value" in text output.
proc field {text name} {
    foreach line [split $text \n] {
        if {[regexp "^[string map {. \\.} $name] +: ?(.*)\$" $line -> value]} {
            return [string trimright $value]
        }
    }
    return "<no $name>"
}

proc json_of {result} {
    ::json::json2dict [dict get $result out]
}

# "status State" of an evaluate run, for compact assertions.
proc verdict {args} {
    set r [run evaluate {*}$args --format json]
    if {[dict get $r status] >= 64} {
        return "[dict get $r status] [string trim [dict get $r err]]"
    }
    list [dict get $r status] [dict get [json_of $r] State]
}

proc write_file {name text {translation lf}} {
    set path [file join $::scratch $name]
    set f [open $path wb]
    if {$translation eq "crlf"} { set text [string map [list \n \r\n] $text] }
    puts -nonewline $f [encoding convertto utf-8 $text]
    close $f
    return $path
}
