# Readers for every place a fact of acsready is written down, and the
# comparisons between them. Each drift_* proc returns a list of sentences,
# one per disagreement ("property X missing in Y"); an empty list means the
# two sources agree. Tests assert the empty list, so a failure prints exactly
# what drifted. Readers take file paths or text so the self-tests can feed
# them deliberately broken copies.

namespace eval proj {
    variable top [file normalize [file join [file dirname [info script]] .. ..]]
    # ACS_PROJECT_CLI: another build of the command line (experiments only).
    variable cli [expr {[info exists ::env(ACS_PROJECT_CLI)] ? $::env(ACS_PROJECT_CLI) : [file join $top build linux acsready]}]
}

proc proj::path {args} {
    variable top
    return [file join $top {*}$args]
}

proc proj::read_text {file} {
    set fd [open $file r]
    fconfigure $fd -encoding utf-8 -translation auto
    set text [read $fd]
    close $fd
    # A UTF-8 byte order mark (Visual Studio writes one) is not content.
    return [string trimleft $text \uFEFF]
}

proc proj::rel {file} {
    variable top
    set file [file normalize $file]
    if {[string first $top/ $file] == 0} {
        return [string range $file [string length $top/] end]
    }
    return $file
}

# ---------------------------------------------------------------- make

# make in the repository with args; its output (stdout and stderr). The
# caller's jobserver flags would only confuse a make started outside a recipe.
proc proj::make_output {args} {
    set saved {}
    foreach var {MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES} {
        if {[info exists ::env($var)]} {
            dict set saved $var $::env($var)
            unset ::env($var)
        }
    }
    catch {exec make -C [path] {*}$args 2>@1} out
    dict for {var value} $saved { set ::env($var) $value }
    return $out
}

# The make database (make -p), read once. -r keeps built-in rules out; -q
# with a do-nothing goal runs no recipe.
proc proj::make_db {} {
    variable make_db_cache
    if {[info exists make_db_cache]} { return $make_db_cache }
    set out [make_output -rpq project-noop]
    set rules {}
    set not_target 0
    foreach line [split $out \n] {
        if {$line eq "# Not a target:"} { set not_target 1; continue }
        if {[regexp {^([^#\s:][^:=]*?)::?(?![=])\s*(.*)$} $line -> target deps]
            && ![string match *=* $deps]} {
            if {!$not_target} {
                # Order-only prerequisites (after |) are not inputs.
                set deps [lindex [split $deps |] 0]
                dict lappend rules $target {*}$deps
            }
        }
        set not_target 0
    }
    set make_db_cache $rules
    return $rules
}

proc proj::make_has_target {target} {
    return [dict exists [make_db] $target]
}

# The sources a make target compiles, following static libraries it builds
# itself, except those in stop_libs (built by a separate Visual Studio
# project). Returns a dict: c, rc, def (repo-relative paths), generated (file
# names of sources the build writes into build/gen/), libs (the stop_libs it
# links), unknown (objects whose source we cannot name).
proc proj::make_inputs {target {stop_libs {}}} {
    set result [dict create c {} rc {} def {} generated {} libs {} unknown {}]
    set db [make_db]
    if {![dict exists $db $target]} {
        error "make has no rule for $target"
    }
    set queue [list $target]
    set seen {}
    while {[llength $queue]} {
        set queue [lassign $queue t]
        if {[dict exists $seen $t]} continue
        dict set seen $t 1
        foreach dep [dict get $db $t] {
            if {[regexp {^build/[^/]+/obj/build/gen/(.*)\.o$} $dep -> stem]} {
                dict lappend result generated [file tail $stem].c
            } elseif {[regexp {^build/[^/]+/obj/(.*)\.o$} $dep -> stem]} {
                set found 0
                foreach {kind candidate} [list c $stem.c rc $stem.rc rc [file rootname $stem].rc] {
                    if {[file exists [path $candidate]]} {
                        dict lappend result $kind $candidate
                        set found 1
                        break
                    }
                }
                if {!$found} { dict lappend result unknown $dep }
            } elseif {[string match *.a $dep]} {
                if {[file tail $dep] in $stop_libs} {
                    dict lappend result libs [file tail $dep]
                } elseif {[dict exists $db $dep]} {
                    lappend queue $dep
                } else {
                    dict lappend result unknown $dep
                }
            } elseif {[string match *.def $dep]} {
                dict lappend result def $dep
            }
        }
    }
    foreach key {c rc def generated libs} {
        dict set result $key [lsort -unique [dict get $result $key]]
    }
    return $result
}

# ---------------------------------------------------------------- vcxproj

# ClCompile/ResourceCompile items (repo-relative, forward slashes), sources
# a custom build step writes into $(IntDir) (generated: file names), the
# module definition file, project references, and items excluded from some
# configuration (the Makefile has no such thing, so any is drift).
proc proj::vcxproj_inputs {file} {
    set text [read_text $file]
    set dir [file dirname [file normalize $file]]
    set result [dict create c {} rc {} def {} generated {} refs {} excluded {}]
    set norm {{dir p} {
        set p [string map {\\ /} $p]
        return [proj::rel [file normalize [file join $dir $p]]]
    }}
    foreach {kind tag} {c ClCompile rc ResourceCompile} {
        # One chunk per item: the text from "<Tag " to the next one.
        foreach chunk [lrange [split [string map [list "<$tag " \u0001] $text] \u0001] 1 end] {
            if {![regexp {^\s*Include="([^"]+)"} $chunk -> inc]} continue
            if {[string match {$(IntDir)*} $inc]} {
                dict lappend result generated [file tail [string map {$(IntDir) {} \\ /} $inc]]
                continue
            }
            set p [apply $norm $dir $inc]
            dict lappend result $kind $p
            set selfclose [string first /> $chunk]
            set open [string first > $chunk]
            if {$open != $selfclose + 1} {
                set body [string range $chunk 0 [string first "</$tag>" $chunk]]
                if {[string match *ExcludedFromBuild* $body]} {
                    dict lappend result excluded $p
                }
            }
        }
    }
    foreach {whole def} [regexp -all -inline {<ModuleDefinitionFile>([^<]*)</ModuleDefinitionFile>} $text] {
        set def [string map {$(ProjectDir) {} $(MSBuildProjectDirectory)\\ {}} $def]
        dict lappend result def [apply $norm $dir $def]
    }
    foreach {whole ref} [regexp -all -inline {<ProjectReference\s+Include="([^"]+)"} $text] {
        dict lappend result refs [file rootname [file tail [string map {\\ /} $ref]]]
    }
    foreach key {c rc def generated refs} {
        dict set result $key [lsort -unique [dict get $result $key]]
    }
    return $result
}

# Which make output each Visual Studio project builds, and which of its
# libraries another project provides.
proc proj::project_map {} {
    return {
        acscore      {target build/%h/libacscore.a       libs {}}
        acsreadyprov {target build/%h/acsreadyprov.dll   libs {libacscore.a acscore}}
        acsready     {target build/%h/acsready.exe       libs {libacscore.a acscore}}
        wmiprvse     {target build/%h/tests/wmiprvse.exe libs {libacscore.a acscore}}
    }
}

proc proj::set_diff {a b} {
    set out {}
    foreach x $a { if {$x ni $b} { lappend out $x } }
    return $out
}

# make_in: [make_inputs ...]; vs_in: [vcxproj_inputs ...]; libs: pairs
# {makelib project}. Names the project and make target in every sentence.
proc proj::drift_sources {project make_target make_in vs_in libs} {
    set out {}
    set vcx provider/$project.vcxproj
    foreach f [set_diff [dict get $make_in generated] [dict get $vs_in generated]] {
        lappend out "make generates and compiles $f for $make_target but $vcx does not (a custom build step into \$(IntDir))"
    }
    foreach f [set_diff [dict get $vs_in generated] [dict get $make_in generated]] {
        lappend out "$vcx compiles a generated $f that make does not generate for $make_target"
    }
    foreach kind {c rc} {
        foreach f [set_diff [dict get $make_in $kind] [dict get $vs_in $kind]] {
            lappend out "$f is compiled by make for $make_target but missing in $vcx"
        }
        foreach f [set_diff [dict get $vs_in $kind] [dict get $make_in $kind]] {
            lappend out "$f is compiled by $vcx but not by make for $make_target"
        }
    }
    foreach f [dict get $vs_in excluded] {
        lappend out "$f is excluded from some configuration in $vcx (make builds one set for every configuration)"
    }
    foreach f [dict get $make_in unknown] {
        lappend out "make input $f of $make_target has no source file we can name"
    }
    set make_def [dict get $make_in def]
    set vs_def [dict get $vs_in def]
    if {$make_def ne $vs_def} {
        lappend out "module definition file differs: make links {$make_def} for $make_target, $vcx uses {$vs_def}"
    }
    foreach {lib ref} $libs {
        set in_make [expr {$lib in [dict get $make_in libs]}]
        set in_vs [expr {$ref in [dict get $vs_in refs]}]
        if {$in_make && !$in_vs} {
            lappend out "make links $lib into $make_target but $vcx has no ProjectReference to $ref"
        } elseif {!$in_make && $in_vs} {
            lappend out "$vcx references $ref but make does not link $lib into $make_target"
        }
    }
    return $out
}

# ---------------------------------------------------------------- JSON

# A typed JSON reader: values come back tagged ({string s}, {number n},
# {true}, {false}, {null}, {array {v ...}}, {object {k v ...}}) so a check
# can tell the string "true" from the boolean.
namespace eval proj::json {}

proc proj::json::parse {text} {
    set pos 0
    set value [Value $text pos]
    Ws $text pos
    if {$pos < [string length $text]} {
        error "JSON: trailing text at offset $pos"
    }
    return $value
}

proc proj::json::Ws {text posVar} {
    upvar 1 $posVar pos
    while {$pos < [string length $text] && [string is space [string index $text $pos]]} { incr pos }
}

proc proj::json::Value {text posVar} {
    upvar 1 $posVar pos
    Ws $text pos
    set c [string index $text $pos]
    switch -- $c {
        "\{" {
            incr pos
            set members {}
            Ws $text pos
            if {[string index $text $pos] eq "\}"} { incr pos; return [list object $members] }
            while 1 {
                Ws $text pos
                set key [Value $text pos]
                if {[lindex $key 0] ne "string"} { error "JSON: object key is not a string at offset $pos" }
                Ws $text pos
                if {[string index $text $pos] ne ":"} { error "JSON: ':' expected at offset $pos" }
                incr pos
                lappend members [lindex $key 1] [Value $text pos]
                Ws $text pos
                set c [string index $text $pos]
                incr pos
                if {$c eq "\}"} { return [list object $members] }
                if {$c ne ","} { error "JSON: ',' or '\}' expected at offset [expr {$pos - 1}]" }
            }
        }
        "\[" {
            incr pos
            set items {}
            Ws $text pos
            if {[string index $text $pos] eq "\]"} { incr pos; return [list array $items] }
            while 1 {
                lappend items [Value $text pos]
                Ws $text pos
                set c [string index $text $pos]
                incr pos
                if {$c eq "\]"} { return [list array $items] }
                if {$c ne ","} { error "JSON: ',' or '\]' expected at offset [expr {$pos - 1}]" }
            }
        }
        "\"" {
            incr pos
            set s ""
            while 1 {
                set c [string index $text $pos]
                if {$c eq ""} { error "JSON: unterminated string" }
                incr pos
                if {$c eq "\""} break
                if {$c eq "\\"} {
                    set e [string index $text $pos]
                    incr pos
                    switch -- $e {
                        n { append s \n } t { append s \t } r { append s \r }
                        b { append s \b } f { append s \f }
                        u {
                            scan [string range $text $pos [expr {$pos + 3}]] %x code
                            append s [format %c $code]
                            incr pos 4
                        }
                        default { append s $e }
                    }
                } else {
                    append s $c
                }
            }
            return [list string $s]
        }
        default {
            foreach {word tag} {true true false false null null} {
                if {[string range $text $pos [expr {$pos + [string length $word] - 1}]] eq $word} {
                    incr pos [string length $word]
                    return [list $tag]
                }
            }
            if {[regexp -- {\A-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?} \
                    [string range $text $pos end] num]} {
                incr pos [string length $num]
                return [list number $num]
            }
            error "JSON: unexpected '[string range $text $pos [expr {$pos + 10}]]' at offset $pos"
        }
    }
}

# Member value of a tagged object, or {} when absent.
proc proj::json::member {object name} {
    foreach {k v} [lindex $object 1] {
        if {$k eq $name} { return $v }
    }
    return {}
}

proc proj::json::keys {object} {
    set out {}
    foreach {k v} [lindex $object 1] { lappend out $k }
    return $out
}

# ---------------------------------------------------------------- the table

# Runs the command line; returns stdout. Exit codes 0..3 are verdicts, not
# failures.
proc proj::run_cli {args} {
    variable cli
    if {![file executable $cli]} {
        error "[rel $cli] is not built (make cli)"
    }
    # stderr goes to ours: a warning there must not end up in the JSON read.
    set code [catch {exec $cli {*}$args 2>@stderr} out opts]
    if {$code} {
        set status [lindex [dict get $opts -errorcode] 2]
        if {[lindex [dict get $opts -errorcode] 0] ne "CHILDSTATUS" || $status > 3} {
            error "acsready $args failed: $out"
        }
        # exec appends this line to the output of a non-zero exit.
        regsub {\n?child process exited abnormally$} $out {} out
    }
    return $out
}

# The core's class table as the schema subcommand prints it, converted to
# the shape every reader below returns:
#   dict class -> {singleton 0|1 props {name {type T key 0|1 description D} ...} order {names}}
proc proj::classes_from_schema_json {text} {
    set root [json::parse $text]
    set classes [json::member $root classes]
    if {[lindex $classes 0] ne "array"} { error "schema: no classes array" }
    set out [dict create]
    foreach cls [lindex $classes 1] {
        set name [lindex [json::member $cls name] 1]
        set single [expr {[lindex [json::member $cls singleton] 0] eq "true"}]
        set props [dict create]
        set order {}
        foreach p [lindex [json::member $cls properties] 1] {
            set pname [lindex [json::member $p name] 1]
            lappend order $pname
            dict set props $pname [dict create \
                type [lindex [json::member $p type] 1] \
                key [expr {[lindex [json::member $p key] 0] eq "true"}] \
                description [lindex [json::member $p description] 1]]
        }
        dict set out $name [dict create singleton $single props $props order $order]
    }
    return $out
}

proc proj::core_classes {} {
    variable core_cache
    if {![info exists core_cache]} {
        set core_cache [classes_from_schema_json [run_cli schema --format json]]
        if {[dict size $core_cache] == 0} { error "acsready schema printed no class" }
    }
    return $core_cache
}

# ---------------------------------------------------------------- MOF

# Tokens of a MOF file: {kind text line}; kinds: string ident num punct pragma.
proc proj::mof_tokens {text} {
    set tokens {}
    set n [string length $text]
    set i 0
    set line 1
    while {$i < $n} {
        set c [string index $text $i]
        if {$c eq "\n"} { incr line; incr i; continue }
        if {[string is space $c]} { incr i; continue }
        if {[string range $text $i [expr {$i + 1}]] eq "//"} {
            set e [string first \n $text $i]
            set i [expr {$e < 0 ? $n : $e}]
            continue
        }
        if {[string range $text $i [expr {$i + 1}]] eq "/*"} {
            set e [string first */ $text [expr {$i + 2}]]
            if {$e < 0} { error "MOF line $line: unterminated comment" }
            incr line [regexp -all \n [string range $text $i $e]]
            set i [expr {$e + 2}]
            continue
        }
        if {$c eq "#"} {
            set e [string first \n $text $i]
            if {$e < 0} { set e $n }
            lappend tokens [list pragma [string trim [string range $text $i [expr {$e - 1}]]] $line]
            set i $e
            continue
        }
        if {$c eq "\""} {
            set s ""
            incr i
            while 1 {
                if {$i >= $n} { error "MOF line $line: unterminated string" }
                set c [string index $text $i]
                incr i
                if {$c eq "\""} break
                if {$c eq "\n"} { error "MOF line $line: newline in string" }
                if {$c eq "\\"} {
                    set e [string index $text $i]
                    incr i
                    switch -- $e {
                        n { append s \n } t { append s \t } r { append s \r }
                        default { append s $e }
                    }
                } else {
                    append s $c
                }
            }
            lappend tokens [list string $s $line]
            continue
        }
        if {[regexp {\A[A-Za-z_$][A-Za-z0-9_]*} [string range $text $i [expr {$i + 200}]] word]} {
            lappend tokens [list ident $word $line]
            incr i [string length $word]
            continue
        }
        if {[regexp {\A[-+]?[0-9][0-9A-Fa-fxX.]*} [string range $text $i [expr {$i + 60}]] num]} {
            lappend tokens [list num $num $line]
            incr i [string length $num]
            continue
        }
        lappend tokens [list punct $c $line]
        incr i
    }
    return $tokens
}

# Qualifier list starting after '['; returns {dict-of-lowercase-name -> value}
# and leaves idx after ']'. A value is the concatenation of its strings, or
# the word/number; flag qualifiers (key, singleton) get "true".
proc proj::mof_qualifiers {tokens idxVar} {
    upvar 1 $idxVar idx
    set quals [dict create]
    while 1 {
        lassign [lindex $tokens $idx] kind text line
        if {$kind eq "punct" && $text eq "\]"} { incr idx; return $quals }
        if {$kind eq "punct" && $text eq ","} { incr idx; continue }
        if {$kind ne "ident"} { error "MOF line $line: qualifier name expected, got '$text'" }
        set qname [string tolower $text]
        incr idx
        set value true
        lassign [lindex $tokens $idx] kind text
        if {$kind eq "punct" && ($text eq "(" || $text eq "\{")} {
            set close [expr {$text eq "(" ? ")" : "\}"}]
            incr idx
            set value ""
            set parts {}
            while 1 {
                lassign [lindex $tokens $idx] kind text line
                if {$kind eq ""} { error "MOF: qualifier $qname not closed" }
                incr idx
                if {$kind eq "punct" && $text eq $close} break
                if {$kind eq "string"} { append value $text } \
                elseif {$kind eq "punct" && $text eq ","} { lappend parts $value; set value "" } \
                else { append value $text }
            }
            if {[llength $parts]} { set value [concat $parts [list $value]] }
        }
        # Flavors: ": Amended ToSubclass ..."
        lassign [lindex $tokens $idx] kind text
        if {$kind eq "punct" && $text eq ":"} {
            incr idx
            while {[lindex $tokens $idx 0] eq "ident"} { incr idx }
        }
        dict set quals $qname $value
    }
}

proc proj::mof_skip_block {tokens idxVar} {
    upvar 1 $idxVar idx
    set depth 0
    while {$idx < [llength $tokens]} {
        lassign [lindex $tokens $idx] kind text
        incr idx
        if {$kind eq "punct" && $text eq "\{"} { incr depth }
        if {$kind eq "punct" && $text eq "\}"} {
            incr depth -1
            if {$depth == 0} break
        }
    }
    if {[lindex $tokens $idx 1] eq ";"} { incr idx }
}

# Parses a MOF text. Returns dict:
#   classes -> (as proj::core_classes, plus per class: superclass, qualifiers)
#   instances -> list of {class props-dict}
#   pragmas -> list of pragma lines
proc proj::mof_parse {text} {
    set tokens [mof_tokens $text]
    set classes [dict create]
    set instances {}
    set pragmas {}
    set idx 0
    set ntok [llength $tokens]
    while {$idx < $ntok} {
        set quals [dict create]
        lassign [lindex $tokens $idx] kind word line
        if {$kind eq "pragma"} { lappend pragmas $word; incr idx; continue }
        if {$kind eq "punct" && $word eq "\["} {
            incr idx
            set quals [mof_qualifiers $tokens idx]
            lassign [lindex $tokens $idx] kind word line
        }
        if {$kind eq "ident" && [string equal -nocase $word class]} {
            incr idx
            set cname [lindex $tokens $idx 1]
            incr idx
            set super ""
            if {[lindex $tokens $idx 1] eq ":"} {
                set super [lindex $tokens [expr {$idx + 1}] 1]
                incr idx 2
            }
            if {[lindex $tokens $idx 1] ne "\{"} { error "MOF line $line: '\{' expected after class $cname" }
            incr idx
            set props [dict create]
            set order {}
            while {[lindex $tokens $idx 1] ne "\}"} {
                if {$idx >= $ntok} { error "MOF: class $cname not closed" }
                set pquals [dict create]
                if {[lindex $tokens $idx 1] eq "\["} {
                    incr idx
                    set pquals [mof_qualifiers $tokens idx]
                }
                lassign [lindex $tokens $idx] kind type pline
                incr idx
                set pname [lindex $tokens $idx 1]
                if {[string equal -nocase $pname ref]} {
                    set type "$type ref"
                    incr idx
                    set pname [lindex $tokens $idx 1]
                }
                incr idx
                set is_method 0
                set array 0
                while {[lindex $tokens $idx 1] ne ";"} {
                    if {$idx >= $ntok} { error "MOF line $pline: ';' expected after $cname.$pname" }
                    set t [lindex $tokens $idx 1]
                    if {$t eq "("} { set is_method 1 }
                    if {$t eq "\[" && !$is_method} { set array 1 }
                    incr idx
                }
                incr idx
                if {$is_method} continue
                if {$array} { append type {[]} }
                lappend order $pname
                dict set props $pname [dict create \
                    type [string tolower $type] \
                    key [expr {[dict exists $pquals key] && [dict get $pquals key] ne "false"}] \
                    description [expr {[dict exists $pquals description] ? [dict get $pquals description] : "\0none"}] \
                    line $pline]
            }
            incr idx
            if {[lindex $tokens $idx 1] eq ";"} { incr idx }
            dict set classes $cname [dict create \
                singleton [expr {[dict exists $quals singleton] && [dict get $quals singleton] ne "false"}] \
                superclass $super qualifiers $quals props $props order $order line $line]
            continue
        }
        if {$kind eq "ident" && [string equal -nocase $word instance]} {
            # instance of Class [as $Alias] { Name = value; ... };
            set iclass [lindex $tokens [expr {$idx + 2}] 1]
            while {[lindex $tokens $idx 1] ne "\{"} { incr idx }
            incr idx
            set iprops [dict create]
            while {$idx < $ntok && [lindex $tokens $idx 1] ne "\}"} {
                set pname [lindex $tokens $idx 1]
                set value ""
                incr idx
                if {[lindex $tokens $idx 1] eq "="} {
                    incr idx
                    while {$idx < $ntok && [lindex $tokens $idx 1] ne ";"} {
                        append value [lindex $tokens $idx 1]
                        incr idx
                    }
                } else {
                    while {$idx < $ntok && [lindex $tokens $idx 1] ne ";"} { incr idx }
                }
                incr idx
                dict set iprops $pname $value
            }
            incr idx
            if {[lindex $tokens $idx 1] eq ";"} { incr idx }
            lappend instances [list $iclass $iprops]
            continue
        }
        # qualifier declarations and anything else: skip the statement
        while {$idx < $ntok && [lindex $tokens $idx 1] ne ";"} {
            if {[lindex $tokens $idx 1] eq "\{"} { mof_skip_block $tokens idx; break }
            incr idx
        }
        incr idx
    }
    return [dict create classes $classes instances $instances pragmas $pragmas]
}

# core: proj::core_classes shape; mof: [dict get [mof_parse ...] classes].
# The CIM type and key flag of one property in the core table and in a copy.
proc type_and_key_drift {cname pname p mp where} {
    set out {}
    if {[dict get $p type] ne [dict get $mp type]} {
        lappend out "property $cname.$pname: CIM type [dict get $p type] in the core table, [dict get $mp type] in $where"
    }
    if {[dict get $p key] != [dict get $mp key]} {
        lappend out "property $cname.$pname: key is [dict get $p key] in the core table, [dict get $mp key] in $where"
    }
    return $out
}

proc proj::drift_mof {core mof {where mof/acsready.mof}} {
    set out {}
    dict for {cname cls} $core {
        if {![dict exists $mof $cname]} {
            lappend out "class $cname missing in $where"
            continue
        }
        set m [dict get $mof $cname]
        if {[dict get $cls singleton] != [dict get $m singleton]} {
            lappend out "class $cname: singleton is [dict get $cls singleton] in the core table, [dict get $m singleton] in $where"
        }
        dict for {pname p} [dict get $cls props] {
            if {![dict exists $m props $pname]} {
                lappend out "property $cname.$pname missing in $where"
                continue
            }
            set mp [dict get $m props $pname]
            lappend out {*}[type_and_key_drift $cname $pname $p $mp $where]
            if {[dict get $mp description] eq "\0none"} {
                lappend out "property $cname.$pname has no Description qualifier in $where"
            } elseif {[dict get $p description] ne [dict get $mp description]} {
                lappend out "property $cname.$pname: Description differs: core table \"[dict get $p description]\", $where \"[dict get $mp description]\""
            }
        }
        dict for {pname mp} [dict get $m props] {
            if {![dict exists $cls props $pname]} {
                lappend out "property $cname.$pname is in $where but not in the core table"
            }
        }
    }
    dict for {cname m} $mof {
        if {![string match __* $cname] && ![dict exists $core $cname]} {
            lappend out "class $cname is in $where but not in the core table"
        }
    }
    return $out
}

# ---------------------------------------------------------------- Markdown

proc proj::md_cells {line} {
    set line [string trim $line]
    set line [string trimleft $line |]
    if {[string index $line end] eq "|" && [string index $line end-1] ne "\\"} {
        set line [string range $line 0 end-1]
    }
    set cells {}
    set cur ""
    set n [string length $line]
    for {set i 0} {$i < $n} {incr i} {
        set c [string index $line $i]
        if {$c eq "\\" && [string index $line [expr {$i + 1}]] eq "|"} {
            append cur |
            incr i
        } elseif {$c eq "|"} {
            lappend cells [string trim $cur]
            set cur ""
        } else {
            append cur $c
        }
    }
    lappend cells [string trim $cur]
    return $cells
}

# Tables headed "| Property | CIM type | Description |" under a heading that
# names a class. Returns the core_classes shape; singleton = the section
# shows the singleton path (Class=@). Text outside such tables is ignored.
proc proj::md_classes {text} {
    set out [dict create]
    set cname ""
    set section ""
    set in_table 0
    foreach line [split $text \n] {
        if {[regexp {^#+\s+(.*)$} $line -> heading]} {
            set cname [string trim [string map {` ""} $heading]]
            set in_table 0
            continue
        }
        if {$cname ne "" && [string first "$cname=@" [string map {` ""} $line]] >= 0} {
            dict set out $cname singleton 1
        }
        if {[string match |* [string trim $line]]} {
            set cells [md_cells $line]
            if {!$in_table} {
                if {[string tolower [join $cells |]] eq "property|cim type|description"} {
                    set in_table 1
                    if {![dict exists $out $cname]} {
                        dict set out $cname [dict create singleton 0 props [dict create] order {}]
                    }
                }
                continue
            }
            if {[regexp {^[-: ]+$} [join $cells ""]]} continue
            lassign $cells pname type desc
            set pname [string trim [string map {` "" * ""} $pname]]
            set type [string trim [string map {` ""} $type]]
            set key [regexp {^(.*?)\s*\(key\)$} $type -> type]
            dict set out $cname props $pname [dict create type $type key $key description $desc]
            dict with out $cname { lappend order $pname }
            continue
        }
        set in_table 0
    }
    return $out
}

proc proj::drift_md {core md where} {
    set out {}
    dict for {cname cls} $core {
        if {![dict exists $md $cname]} {
            lappend out "class $cname has no \"Property | CIM type | Description\" table in $where"
            continue
        }
        set m [dict get $md $cname]
        if {[dict get $cls singleton] != [dict get $m singleton]} {
            set say [expr {[dict get $cls singleton] ? "does not show the singleton path $cname=@" : "shows $cname=@ but the class is not a singleton"}]
            lappend out "class $cname: $where $say"
        }
        dict for {pname p} [dict get $cls props] {
            if {![dict exists $m props $pname]} {
                lappend out "property $cname.$pname missing in $where"
                continue
            }
            set mp [dict get $m props $pname]
            lappend out {*}[type_and_key_drift $cname $pname $p $mp $where]
            if {[dict get $p description] ne [dict get $mp description]} {
                lappend out "property $cname.$pname: description differs: core table \"[dict get $p description]\", $where \"[dict get $mp description]\""
            }
        }
        dict for {pname mp} [dict get $m props] {
            if {![dict exists $cls props $pname]} {
                lappend out "property $cname.$pname is in $where but not in the core table"
            }
        }
    }
    dict for {cname m} $md {
        if {![dict exists $core $cname]} {
            lappend out "$where has a property table under \"$cname\", which is no class of the core table"
        }
    }
    return $out
}

# ---------------------------------------------------------------- ps1xml

# Views of a PowerShell format file: list of {name classes control properties}.
# classes: the WMI class each TypeName selects (text after the last / or \).
proc proj::ps1xml_views {text} {
    set views {}
    foreach {whole body} [regexp -all -inline {<View>(.*?)</View>} $text] {
        regexp {<Name>([^<]*)</Name>} $body -> name
        set name [string trim $name]
        set classes {}
        foreach {w t} [regexp -all -inline {<TypeName>([^<]*)</TypeName>} $body] {
            lappend classes [lindex [split [string map {\\ /} [string trim $t]] /] end]
        }
        set control ""
        regexp {<(ListControl|TableControl|WideControl|CustomControl)>} $body -> control
        set props {}
        foreach {w p} [regexp -all -inline {<PropertyName>([^<]*)</PropertyName>} $body] {
            lappend props [string trim $p]
        }
        if {[regexp {<ScriptBlock>} $body]} { lappend props "\0script" }
        lappend views [list $name [lsort -unique $classes] $control $props]
    }
    return $views
}

# Every property a view shows exists in its class; the list view of each
# class named in full_list shows every property of the core table.
proc proj::drift_ps1xml {core views full_list {where scripts/AcsReadiness.format.ps1xml}} {
    set out {}
    set listed [dict create]
    foreach view $views {
        lassign $view name classes control props
        if {![llength $classes]} { lappend out "view $name in $where selects no type" }
        foreach cname $classes {
            if {![dict exists $core $cname]} {
                lappend out "view $name in $where selects $cname, which is no class of the core table"
                continue
            }
            foreach p $props {
                if {$p eq "\0script"} {
                    lappend out "view $name in $where computes a column with a ScriptBlock: show properties as they are"
                } elseif {![dict exists $core $cname props $p]} {
                    lappend out "view $name in $where shows $cname.$p, which is not a property of the core table"
                }
            }
            if {$control eq "ListControl"} {
                dict lappend listed $cname {*}$props
            }
        }
    }
    foreach cname $full_list {
        if {![dict exists $core $cname]} continue
        if {![dict exists $listed $cname]} {
            lappend out "$where has no list view for $cname"
            continue
        }
        foreach p [dict get $core $cname order] {
            if {$p ni [dict get $listed $cname]} {
                lappend out "property $cname.$p missing in the list view of $cname in $where"
            }
        }
    }
    return $out
}

# ---------------------------------------------------------------- CLI JSON

# Is a tagged JSON value a fit for a CIM type? NULL fits every type.
proc proj::json_fits {value type} {
    set tag [lindex $value 0]
    if {$tag eq "null"} { return 1 }
    switch -- $type {
        string { return [expr {$tag eq "string"}] }
        boolean { return [expr {$tag in {true false}}] }
        uint32 {
            return [expr {$tag eq "number" && [string is wideinteger -strict [lindex $value 1]]
                && [lindex $value 1] >= 0 && [lindex $value 1] <= 4294967295}]
        }
        datetime {
            return [expr {$tag eq "string" && [regexp {^\d{14}\.\d{6}[-+]\d{3}$} [lindex $value 1]]}]
        }
        string[] {
            if {$tag ne "array"} { return 0 }
            foreach item [lindex $value 1] {
                if {[lindex $item 0] ne "string"} { return 0 }
            }
            return 1
        }
    }
    return 0
}

# The evaluate JSON: one object with AcsReadiness's properties plus
# "Requirements", an array of objects with AcsReadiness_Requirement's.
proc proj::drift_cli_json {core text {where "acsready evaluate --format json"}
                           {top_class AcsReadiness} {row_class AcsReadiness_Requirement}} {
    set out {}
    if {[catch {json::parse $text} root]} {
        return [list "$where printed no valid JSON: $root"]
    }
    if {[lindex $root 0] ne "object"} { return [list "$where printed no JSON object"] }
    set checks [list $top_class $root]
    set reqs [json::member $root Requirements]
    if {[lindex $reqs 0] ne "array"} {
        lappend out "$where has no Requirements array"
    } elseif {![llength [lindex $reqs 1]]} {
        lappend out "$where: Requirements is empty, nothing to compare"
    } else {
        foreach r [lindex $reqs 1] { lappend checks $row_class $r }
    }
    set mods [json::member $root PplModules]
    if {[lindex $mods 0] eq "array"} {
        foreach m [lindex $mods 1] { lappend checks AcsReadiness_PplModule $m }
    }
    foreach {cname obj} $checks {
        if {![dict exists $core $cname]} {
            lappend out "class $cname missing in the core table"
            continue
        }
        # RootCa: the command line's own member, whether the root was checked or assumed
        set extra [expr {$cname eq $top_class ? {RootCa Requirements PplModules} : {}}]
        set keys [json::keys $obj]
        foreach pname [dict get $core $cname order] {
            if {$pname ni $keys} {
                lappend out "property $cname.$pname missing in $where"
            } elseif {![json_fits [json::member $obj $pname] [dict get $core $cname props $pname type]]} {
                lappend out "property $cname.$pname: $where prints [json::member $obj $pname], not a [dict get $core $cname props $pname type]"
            }
        }
        foreach k $keys {
            if {$k ni $extra && ![dict exists $core $cname props $k]} {
                lappend out "$where prints member $k, which is not a property of $cname in the core table"
            }
        }
        if {[llength [lsort -unique $keys]] != [llength $keys]} {
            lappend out "$where prints a member twice in a $cname object"
        }
    }
    return [lsort -unique $out]
}

# ---------------------------------------------------------------- docs

# {fenced code, everything else} of a Markdown text, by lines.
proc proj::md_split_code {text} {
    set code ""
    set prose ""
    set fenced 0
    foreach line [split $text \n] {
        if {[regexp {^\s*(```|~~~)} $line]} {
            set fenced [expr {!$fenced}]
            continue
        }
        if {$fenced} { append code $line \n } else { append prose $line \n }
    }
    return [list $code $prose]
}

# Relative link targets of a Markdown text (inline links and images), minus
# the #fragment; web and mail links are out of scope (no network).
proc proj::md_links {text} {
    set out {}
    # Code is not a link, even when it looks like one.
    set text [lindex [md_split_code $text] 1]
    regsub -all {`[^`\n]*`} $text {} text
    foreach {whole target} [regexp -all -inline {\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)} $text] {
        if {[regexp {^[a-z][a-z0-9+.-]*:} $target] || [string match #* $target]} continue
        lappend out [lindex [split $target #] 0]
    }
    foreach {whole target} [regexp -all -inline {(?n)^\s*\[[^\]]+\]:\s*(\S+)} $text] {
        if {[regexp {^[a-z][a-z0-9+.-]*:} $target] || [string match #* $target]} continue
        lappend out [lindex [split $target #] 0]
    }
    return $out
}

# make targets named in code (inline `...` or fenced blocks) of a Markdown
# text: "make demo", "make -j2 test", "make scenario DIR=x" -> demo test scenario.
proc proj::md_make_targets {text} {
    lassign [md_split_code $text] code rest
    foreach {whole body} [regexp -all -inline {`([^`\n]+)`} $rest] { append code $body \n }
    set targets {}
    foreach line [split $code \n] {
        foreach {whole args} [regexp -all -inline {(?:^|[;&|(]\s*|\s)make((?:\s+[^\s;&|)#]+)*)} $line] {
            foreach word $args {
                if {[string match -* $word] || [string match *=* $word]} continue
                if {![regexp {^[A-Za-z0-9_./-]+$} $word]} break
                lappend targets $word
            }
        }
    }
    return [lsort -unique $targets]
}

proc proj::drift_doc_links {file} {
    set out {}
    set text [read_text $file]
    foreach target [md_links $text] {
        if {$target eq ""} continue
        set resolved [file join [file dirname $file] [string map {%20 " "} $target]]
        if {![file exists $resolved]} {
            lappend out "[rel $file] links to $target, which does not exist"
        }
    }
    return $out
}

proc proj::drift_doc_make_targets {file} {
    set out {}
    foreach target [md_make_targets [read_text $file]] {
        if {![make_has_target $target]} {
            lappend out "[rel $file] mentions `make $target`, but make has no target $target"
        }
    }
    return $out
}

proc proj::doc_files {} {
    return [concat [list [path README.md]] [lsort [glob -nocomplain [path docs *.md]]]]
}

# ---------------------------------------------------------------- generated sources

proc proj::read_bytes {file} {
    set fd [open $file rb]
    set data [read $fd]
    close $fd
    return $data
}

# The generated arrays are the file's bytes, contiguous in the binary's
# read-only data: a binary that carries another catalog does not contain them.
proc proj::drift_builtin_bytes {binary source source_name binary_name} {
    if {[string length $source] == 0} { return [list "$source_name is empty"] }
    if {[string first $source $binary] < 0} {
        return [list "$binary_name does not carry the [string length $source] bytes of $source_name: rebuild (make cli); if it still fails, the build does not regenerate the built-in catalog"]
    }
    return {}
}

# What make would run for target if file were newer (-W), without running
# it (-n) or touching anything.
proc proj::make_what_if {file target} {
    return [make_output -n -W $file $target]
}

# ---------------------------------------------------------------- provider identity

# A string macro of provider/wmi/identity.h (ACS_PROVIDER_CLSID, ACS_PROVIDER_NAME,
# ACS_NAMESPACE), the one place the DLL, the MOF generator and the tests take it from.
proc proj::identity {name} {
    set text [read_text [path provider wmi identity.h]]
    if {![regexp -line "^#define $name \"(\[^\"\]*)\"\$" $text -> value]} {
        error "provider/wmi/identity.h defines no string $name"
    }
    return [string map {\\\\ \\} $value]
}
