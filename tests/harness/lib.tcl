# Emulated Windows machines in Wine: what every harness script shares.
#
# A scenario is a folder (tests/scenarios/README.md): machine.reg, optional
# roots/, files/, kernel-version, locale, arch, rule and expect. Running one:
#   1. reset a per-worker prefix to the template (registry files + the files a
#      previous scenario wrote),
#   2. copy the provider, the stand-in and the MOF into C:\acsready\<arch>,
#      files/ over drive C (case-insensitively), the kernel fixture over
#      C:\windows\system32\ntoskrnl.exe,
#   3. import machine.reg plus the harness's own keys (roots, per-app
#      DllOverrides) with 64-bit regedit, register the DLL, stop the server so
#      the next process sees the new OS identity,
#   4. run the stand-in and check its lines against expect.
# Only Tcl 8.6, tcllib (sha1) and the Wine/mingw tools are needed.

package require Tcl 8.6
package require sha1

namespace eval acsh {
    variable top [file normalize [file join [file dirname [info script]] .. ..]]
    variable clsid {}
    variable wine wine
    variable wine64 /usr/lib/wine/wine64
    variable classes {AcsReadiness AcsReadiness_Requirement AcsReadiness_PplModule}
    # Properties whose value changes from run to run: an expect line naming
    # one could never be stable, so the harness refuses it.
    variable volatile {EvaluatedAt ProviderVersion}
    # Exit statuses of the stand-in (tests/wmiprvse); Wine cuts them to 8 bits.
    variable standin_exit {
        0 ok
        1 "provider failure (an HRESULT the stand-in did not expect)"
        2 "MOF check failed: a Put the MOF does not declare, a wrong CIM type, or a key left unset"
        3 "provider hang (a call did not return in time)"
        4 "unload check failed (DllCanUnloadNow after every release)"
        5 "crash (winedbg ran)"
        64 "usage error"
    }
}

# The provider's CLSID from its one definition, provider/wmi/identity.h.
apply {{} {
    set fd [open [file join $acsh::top provider wmi identity.h]]
    set text [read $fd]
    close $fd
    if {![regexp -line {^#define ACS_PROVIDER_CLSID "([^"]+)"$} $text -> acsh::clsid]} {
        error "provider/wmi/identity.h defines no ACS_PROVIDER_CLSID"
    }
}}

proc acsh::path {args} {
    variable top
    return [file join $top {*}$args]
}

proc acsh::build_dir {} {
    if {[info exists ::env(ACS_BUILD)]} { return [file normalize $::env(ACS_BUILD)] }
    return [path build]
}

# Wine tools run with a clean environment of our own: quiet, one prefix, no
# Mono/Gecko prompts.
proc acsh::wine_env {prefix} {
    set ::env(WINEPREFIX) $prefix
    set ::env(WINEDEBUG) -all
    set ::env(WINEDLLOVERRIDES) "mscoree=;mshtml="
    catch {unset ::env(DISPLAY)}
}

# Runs a command; returns {exit stdout+stderr}. Never throws on a non-zero exit.
# Output goes through a file, not a pipe: the wineserver and Wine's services
# that a program starts inherit its stdout and linger ~2 s after it exits, and
# a pipe would make every call wait for them.
proc acsh::run {args} {
    variable run_seq
    if {![info exists run_seq]} { set run_seq 0 }
    set tmp [file join [expr {[info exists ::env(TMPDIR)] ? $::env(TMPDIR) : "/tmp"}] \
        acsh-[pid]-[incr run_seq].out]
    set rc [catch {exec {*}$args >& $tmp} msg opts]
    set f [open $tmp rb]
    set out [encoding convertfrom utf-8 [read $f]]
    close $f
    file delete $tmp
    set out [string trimright $out \n]
    if {$rc == 0} { return [list 0 $out] }
    set code [dict get $opts -errorcode]
    if {[lindex $code 0] eq "CHILDSTATUS"} { return [list [lindex $code 2] $out] }
    return [list 255 "$out ($msg)"]
}

proc acsh::read_text {file} {
    set f [open $file rb]
    set data [read $f]
    close $f
    # .reg files are ASCII/UTF-8 or UTF-16LE with a BOM (what regedit exports).
    if {[string range $data 0 1] eq "\xff\xfe"} {
        return [encoding convertfrom unicode [string range $data 2 end]]
    }
    return [encoding convertfrom utf-8 $data]
}

proc acsh::write_file {file data {translation lf}} {
    set f [open $file w]
    fconfigure $f -encoding utf-8 -translation $translation
    puts -nonewline $f $data
    close $f
}

# First non-comment word(s) of a one-line scenario file, or the default.
proc acsh::scenario_setting {dir name default} {
    set file [file join $dir $name]
    if {![file exists $file]} { return $default }
    set words {}
    foreach line [split [read_text $file] \n] {
        set line [string trim $line]
        if {$line eq "" || [string index $line 0] eq "#"} continue
        lappend words {*}$line
    }
    if {![llength $words]} { return $default }
    return $words
}

# ---------------------------------------------------------------- prefixes

proc acsh::template_dir {} { return [file join [build_dir] wine template] }

proc acsh::ensure_template {} {
    lassign [run bash [path scripts wine-prefix.sh] [template_dir]] rc out
    if {$rc != 0} { error "template prefix: $out" }
    return [template_dir]
}

# A worker prefix is a full copy of the template made once; between scenarios
# only the registry files and the files the last scenario wrote are put back
# (11 ms instead of the 1-4 s of a copy).
proc acsh::prepare_worker {prefix} {
    set template [ensure_template]
    if {[file exists [file join $prefix .acsready-worker]]} { return $prefix }
    file delete -force $prefix
    file mkdir [file dirname $prefix]
    lassign [run cp -a $template $prefix.tmp] rc out
    if {$rc != 0} { error "copying the template to $prefix: $out" }
    file rename $prefix.tmp $prefix
    close [open [file join $prefix .acsready-worker] w]
    return $prefix
}

proc acsh::stop_server {prefix} {
    wine_env $prefix
    # -k flushes the registry to disk before the server ends (measured). It
    # only signals the server: -w waits until it has gone, so that its last
    # registry save cannot land on the files reset_worker copies next, and the
    # next program does not meet a server on its way out (under load, regedit
    # once failed to start: "ShellExecuteEx failed: Internal error").
    run wineserver -k
    run wineserver -w
}

proc acsh::reset_worker {prefix} {
    set template [template_dir]
    stop_server $prefix
    foreach reg {system.reg user.reg userdef.reg} {
        file copy -force [file join $template $reg] [file join $prefix $reg]
    }
    set log [file join $prefix .acsready-touched]
    if {![file exists $log]} return
    set dirs {}
    foreach rel [split [read_text $log] \n] {
        if {$rel eq ""} continue
        lassign $rel kind rel
        set target [file join $prefix $rel]
        if {$kind eq "dir"} { lappend dirs $target; continue }
        set original [file join $template $rel]
        if {[file exists $original]} {
            file copy -force $original $target
        } else {
            file delete -force $target
        }
    }
    # Deepest first, and only when empty: a folder the template had is kept.
    foreach dir [lsort -decreasing $dirs] {
        if {[file isdirectory $dir] && ![llength [glob -nocomplain -directory $dir *]]} {
            file delete $dir
        }
    }
    file delete $log
}

proc acsh::touched {prefix kind rel} {
    set f [open [file join $prefix .acsready-touched] a]
    puts $f [list $kind $rel]
    close $f
}

# Copies src to rel (a path under the prefix, "/" separated), matching each
# existing folder name case-insensitively as Windows would: drive_c's folders
# are lowercase (windows/system32) while scenarios spell them Windows/System32.
proc acsh::place_file {prefix src rel} {
    set dir $prefix
    set done {}
    set parts [file split $rel]
    foreach part [lrange $parts 0 end-1] {
        set match ""
        foreach entry [glob -nocomplain -tails -directory $dir *] {
            if {[string equal -nocase $entry $part]} { set match $entry; break }
        }
        if {$match eq ""} {
            set match $part
            file mkdir [file join $dir $match]
            touched $prefix dir [file join {*}$done $match]
        }
        lappend done $match
        set dir [file join $dir $match]
    }
    set name [lindex $parts end]
    foreach entry [glob -nocomplain -tails -directory $dir *] {
        if {[string equal -nocase $entry $name]} { set name $entry; break }
    }
    touched $prefix file [file join {*}$done $name]
    file copy -force $src [file join $dir $name]
}

proc acsh::place_tree {prefix srcdir relroot} {
    foreach entry [lsort [glob -nocomplain -directory $srcdir *]] {
        set rel [file join $relroot [file tail $entry]]
        if {[file isdirectory $entry]} {
            place_tree $prefix $entry $rel
        } else {
            place_file $prefix $entry $rel
        }
    }
}

# ---------------------------------------------------------------- fixtures

# A resource-only PE whose VERSIONINFO says `version`: what GetFileVersionInfo
# reads from a real ntoskrnl.exe. Built on demand, cached per version; built
# under a temporary name and renamed so parallel workers never see half a file.
proc acsh::kernel_fixture {version} {
    if {![regexp {^(\d+)\.(\d+)\.(\d+)\.(\d+)$} $version -> a b c d]} {
        error "kernel-version '$version' is not MAJOR.MINOR.BUILD.REVISION"
    }
    set out [file join [build_dir] fixtures ntoskrnl-$version.exe]
    if {[file exists $out]} { return $out }
    file mkdir [file dirname $out]
    set tmp $out.[pid]
    set rc_in [read_text [path tests fixtures ntoskrnl-version.rc.in]]
    write_file $tmp.rc [string map [list @A@ $a @B@ $b @C@ $c @D@ $d] $rc_in]
    foreach cmd [list \
        [list x86_64-w64-mingw32-windres $tmp.rc -O coff -o $tmp.o] \
        [list x86_64-w64-mingw32-gcc -nostdlib -shared -Wl,-e,0 -o $tmp $tmp.o]] {
        lassign [run {*}$cmd] rc msg
        if {$rc != 0} { file delete -force $tmp.rc $tmp.o $tmp; error "building $out: $msg" }
    }
    file delete -force $tmp.rc $tmp.o
    file rename -force $tmp $out
    return $out
}

# ---------------------------------------------------------------- registry

# DER bytes of a .cer/.crt/.pem, PEM or DER.
proc acsh::cert_der {file} {
    foreach form {PEM DER} {
        if {![catch {
            set f [open |[list openssl x509 -inform $form -in $file -outform DER 2>/dev/null] rb]
            set der [read $f]
            close $f
        }] && [string length $der] > 0} {
            return $der
        }
    }
    error "$file is neither a PEM nor a DER certificate"
}

proc acsh::reg_hex {bytes} {
    binary scan $bytes H* hex
    set pairs [regexp -all -inline .. $hex]
    set lines {}
    for {set i 0} {$i < [llength $pairs]} {incr i 25} {
        lappend lines [join [lrange $pairs $i [expr {$i + 24}]] ,]
    }
    return [join $lines ",\\\r\n  "]
}

# Where each physical store behind LocalMachine\Root lives in the registry
# (acs-requirements.md section 3). roots/*.cer go to Root; roots/<Store>/*.cer
# to that store.
proc acsh::store_key {store} {
    switch -nocase -- $store {
        root { return {HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\ROOT\Certificates} }
        authroot { return {HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\AuthRoot\Certificates} }
        grouppolicy { return {HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\SystemCertificates\Root\Certificates} }
        enterprise { return {HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\EnterpriseCertificates\Root\Certificates} }
        default { error "roots/$store: unknown store (Root, AuthRoot, GroupPolicy, Enterprise)" }
    }
}

# The Blob of a store entry is a serialized certificate store element, as
# CertSerializeCertificateStoreElement writes it: property id 32 (the
# encoded certificate), 1, length, DER
# (https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/nf-wincrypt-certserializecertificatestoreelement).
proc acsh::roots_reg {dir} {
    set out ""
    set rootdir [file join $dir roots]
    if {![file isdirectory $rootdir]} { return "" }
    set certs {}
    foreach entry [lsort [glob -nocomplain -directory $rootdir *]] {
        if {[file isdirectory $entry]} {
            foreach cert [lsort [glob -nocomplain -directory $entry *.cer *.crt *.pem]] {
                lappend certs [file tail $entry] $cert
            }
        } elseif {[regexp -nocase {\.(cer|crt|pem)$} $entry]} {
            lappend certs Root $entry
        }
    }
    foreach {store cert} $certs {
        set der [cert_der $cert]
        set thumb [string toupper [sha1::sha1 -hex $der]]
        set blob [binary format iii 32 1 [string length $der]]$der
        append out "\r\n; [file tail $cert] (SHA-1 $thumb)\r\n"
        append out "\[[store_key $store]\\$thumb\]\r\n"
        append out "\"Blob\"=hex:[reg_hex $blob]\r\n"
    }
    return $out
}

# Wine reads system32\ntoskrnl.exe's version resource from its builtin unless
# the reading program has a per-app override (AppDefaults\<exe>\DllOverrides,
# https://gitlab.winehq.org/wine/wine/-/wikis/Useful-Registry-Keys); a global
# WINEDLLOVERRIDES would make Wine's own services load the fixture too.
proc acsh::overrides_reg {} {
    set out ""
    foreach exe {wmiprvse.exe acsready.exe} {
        append out "\r\n\[HKEY_CURRENT_USER\\Software\\Wine\\AppDefaults\\$exe\\DllOverrides\]\r\n"
        append out "\"ntoskrnl.exe\"=\"native\"\r\n"
    }
    return $out
}

# 64-bit Windows keeps a copy of Windows NT\CurrentVersion in the 32-bit view
# (Wow6432Node), and Wine's 32-bit ntdll takes the OS version from there: a
# scenario run through the x86 DLL needs it. Only that key is mirrored, so a
# collector that forgets KEY_WOW64_64KEY still finds no CBS data and fails.
proc acsh::wow64_version_copy {lines} {
    set target {HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion}
    set out ""
    set copying 0
    foreach line $lines {
        set trimmed [string trim $line]
        if {[string index $trimmed 0] eq "\["} {
            set key [string range $trimmed 1 end-1]
            set copying [string equal -nocase $key $target]
            if {$copying} {
                append out "\r\n\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows NT\\CurrentVersion\]\r\n"
            }
            continue
        }
        if {$copying} { append out $line "\r\n" }
    }
    return $out
}

# machine.reg + roots + overrides as one UTF-16LE .reg (the form regedit
# exports; keeps non-ASCII product names intact).
proc acsh::combined_reg {dir out {extra ""}} {
    set machine [read_text [file join $dir machine.reg]]
    set machine [string map [list "\r\n" "\n"] $machine]
    set lines [split $machine \n]
    set header [string trim [lindex $lines 0] "\ufeff \t"]
    if {$header ni {"Windows Registry Editor Version 5.00" REGEDIT4}} {
        error "[file join $dir machine.reg]: first line must be 'Windows Registry Editor Version 5.00'"
    }
    set body [join [lrange $lines 1 end] "\r\n"]
    set text "Windows Registry Editor Version 5.00\r\n$body\r\n[wow64_version_copy [lrange $lines 1 end]][roots_reg $dir]$extra[overrides_reg]\r\n"
    set f [open $out wb]
    puts -nonewline $f "\xff\xfe[encoding convertto unicode $text]"
    close $f
}

proc acsh::winpath {prefix unixpath} {
    # Every file we hand to Wine lives under drive_c.
    set rel [string range $unixpath [string length [file join $prefix drive_c]] end]
    return "C:[string map {/ \\} $rel]"
}

# ---------------------------------------------------------------- binaries

proc acsh::binaries {arch} {
    set b [build_dir]
    set d [dict create \
        dll [file join $b $arch acsreadyprov.dll] \
        standin [file join $b $arch tests wmiprvse.exe] \
        mof [expr {[info exists ::env(ACS_MOF)] ? $::env(ACS_MOF) : [path mof acsready.mof]}]]
    return $d
}

proc acsh::missing_binaries {arch} {
    set missing {}
    dict for {what file} [binaries $arch] {
        if {![file exists $file]} { lappend missing $file }
    }
    return $missing
}

# ---------------------------------------------------------------- expect

# Expect file: one output line per line, matched exactly (trailing blanks
# ignored); "!line" must not appear; "#" comments and blank lines skipped.
# Returns {missing unexpected problems}.
proc acsh::check_expect {output expect_text} {
    variable volatile
    set have [dict create]
    foreach line [split $output \n] {
        dict set have [string trimright $line] 1
    }
    set missing {}
    set unexpected {}
    set problems {}
    foreach line [split [string map [list "\r\n" "\n"] $expect_text] \n] {
        set line [string trimright $line]
        if {[string trim $line] eq "" || [string index $line 0] eq "#"} continue
        foreach prop $volatile {
            if {[regexp "^!?\[A-Za-z_\]+(\\\[\[^\]\]*\\\])?\\.$prop " $line]} {
                lappend problems "expect names $prop, whose value changes every run: $line"
            }
        }
        if {[string index $line 0] eq "!"} {
            if {[dict exists $have [string range $line 1 end]]} { lappend unexpected [string range $line 1 end] }
        } elseif {![dict exists $have $line]} {
            lappend missing $line
        }
    }
    return [list $missing $unexpected $problems]
}

proc acsh::standin_meaning {code} {
    variable standin_exit
    if {[dict exists $standin_exit $code]} { return [dict get $standin_exit $code] }
    return "unexpected exit status"
}

# ---------------------------------------------------------------- a run

# Prepares the machine of scenario `dir` in `prefix` for `arch` and returns
# the Windows paths of what was installed. Leaves the server stopped.
proc acsh::prepare_machine {dir arch prefix} {
    variable wine
    variable wine64
    if {![file exists [file join $dir machine.reg]]} { error "$dir: no machine.reg" }
    set missing [missing_binaries $arch]
    if {[llength $missing]} { error "not built: [join $missing {, }] (run make)" }
    prepare_worker $prefix
    reset_worker $prefix
    wine_env $prefix

    set bins [binaries $arch]
    set installed [dict create]
    foreach {what name} {dll acsreadyprov.dll standin wmiprvse.exe mof acsready.mof} {
        set rel [file join drive_c acsready $arch $name]
        place_file $prefix [dict get $bins $what] $rel
        dict set installed $what [winpath $prefix [file join $prefix $rel]]
    }
    # An installed provider keeps its catalog beside the DLL (config.c reads
    # it from there); the answer then says CatalogSource = that file.
    place_file $prefix [path provider catalog acsready-catalog.xml] \
        [file join drive_c acsready $arch acsready-catalog.xml]
    set acsready_exe [file join [build_dir] $arch acsready.exe]
    if {[file exists $acsready_exe]} {
        place_file $prefix $acsready_exe [file join drive_c acsready $arch acsready.exe]
    }
    set kernel [scenario_setting $dir kernel-version ""]
    if {$kernel ne ""} {
        place_file $prefix [kernel_fixture $kernel] [file join drive_c windows system32 ntoskrnl.exe]
    }
    if {[file isdirectory [file join $dir files]]} {
        place_tree $prefix [file join $dir files] drive_c
    }
    # Signed service images and the test catalog (signing.tcl), made now.
    set images_reg [images_setup $dir $prefix $arch]

    set reg [file join $prefix drive_c acsready machine.reg]
    file mkdir [file dirname $reg]
    combined_reg $dir $reg $images_reg
    touched $prefix file [file join drive_c acsready machine.reg]
    # 64-bit regedit: a 32-bit one would put HKLM\SOFTWARE under Wow6432Node.
    lassign [run $wine64 regedit /S [winpath $prefix $reg]] rc out
    if {$rc != 0} { error "regedit $reg: exit $rc: $out" }
    if {$arch eq "x86"} {
        set regsvr [list $wine {C:\windows\syswow64\regsvr32.exe}]
    } else {
        set regsvr [list $wine64 {C:\windows\system32\regsvr32.exe}]
    }
    lassign [run {*}$regsvr /s [dict get $installed dll]] rc out
    if {$rc != 0} { error "regsvr32 [dict get $installed dll]: exit $rc: $out" }
    # The OS version lives in KUSER_SHARED_DATA from the server's start: the
    # stand-in must start a new server to see the machine just imported.
    stop_server $prefix
    return $installed
}

# Runs the stand-in on a prepared machine; returns {exit output}.
proc acsh::query {prefix installed arch args} {
    variable wine
    variable clsid
    wine_env $prefix
    set cmd [list $wine [dict get $installed standin] --clsid $clsid --mof [dict get $installed mof]]
    lassign [run {*}$cmd {*}$args] rc out
    # The stand-in says something on every path, a provider failure included
    # (tests/wmiprvse/main.c). A non-zero exit with no output at all is Wine
    # failing to start it: seen once in 66 scenarios of a clean-clone
    # `make -j2 test` on two busy cores, never reproduced alone. Run it once
    # more and say so; a second silent failure stands.
    if {$rc != 0 && [string trim $out] eq ""} {
        stop_server $prefix
        lassign [run {*}$cmd {*}$args] rc out
        set out "harness: the stand-in ended with no output; ran it again\n$out"
    }
    return [list $rc $out]
}

proc acsh::enum_args {dir} {
    variable classes
    set args {}
    set locale [scenario_setting $dir locale ""]
    if {$locale ne ""} { lappend args --locale $locale }
    foreach class $classes { lappend args --enum $class }
    return $args
}

# One scenario on one architecture. Returns a dict:
#   ok (bool), output (the stand-in's lines), failures (list of sentences), seconds.
proc acsh::run_scenario {dir arch prefix} {
    set dir [file normalize $dir]
    set start [clock milliseconds]
    set failures {}
    set output ""
    if {[catch {
        set installed [prepare_machine $dir $arch $prefix]
        lassign [query $prefix $installed $arch {*}[enum_args $dir]] rc output
        set output [string map [list "\r\n" "\n"] $output]
        if {$rc != 0} {
            lappend failures "stand-in exit $rc: [standin_meaning $rc]"
        }
        set expect [file join $dir expect]
        if {[file exists $expect]} {
            lassign [check_expect $output [read_text $expect]] missing unexpected problems
            foreach line $missing { lappend failures "missing: $line" }
            foreach line $unexpected { lappend failures "present but expected absent: $line" }
            lappend failures {*}$problems
        }
        lappend failures {*}[check_rule_claim $output $dir [catalog_rules]]
        stop_server $prefix
    } err]} {
        lappend failures "harness: $err"
        catch {stop_server $prefix}
    }
    return [dict create ok [expr {![llength $failures]}] output $output failures $failures \
        seconds [expr {([clock milliseconds] - $start) / 1000.0}]]
}

# The scenarios under a folder: every subfolder holding a machine.reg.
proc acsh::scenarios {{root ""}} {
    if {$root eq ""} { set root [path tests scenarios] }
    set out {}
    foreach dir [lsort [glob -nocomplain -type d -directory $root *]] {
        if {[file exists [file join $dir machine.reg]]} { lappend out $dir }
    }
    return $out
}

source [file join [file dirname [info script]] catalog.tcl]
source [file join [file dirname [info script]] signing.tcl]
