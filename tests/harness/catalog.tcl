# Reads the OS rules of the requirements catalog (id, name, profile) with
# xmllint, so the harness can check every rule has a scenario.
# Sourced by lib.tcl.
namespace eval acsh {}

# Returns a dict id -> {name NAME profile PROFILE}.
proc acsh::catalog_rules {{catalog ""}} {
    if {$catalog eq ""} { set catalog [path provider catalog acsready-catalog.xml] }
    set xpath {//*[local-name()='profile']/*[local-name()='os']}
    set f [open |[list xmllint --nonet --xpath $xpath $catalog 2>@1] r]
    fconfigure $f -encoding utf-8
    set xml [read $f]
    if {[catch {close $f} err]} { error "xmllint $catalog: $err" }
    set rules [dict create]
    # Profile of each rule: xmllint prints the <os> elements only, so look
    # them up in the file by id.
    set text [read_text $catalog]
    set profiles {}
    # (Split rather than a non-greedy RE: Tcl takes an RE's greediness from
    # its first quantifier.)
    foreach chunk [split [string map [list </profile> \x01] $text] \x01] {
        if {![regexp {<profile\s+id="([^"]+)"} $chunk -> pid]} continue
        foreach {m id} [regexp -all -inline {<os\s+id="([^"]+)"} $chunk] { dict set profiles $id $pid }
    }
    foreach {m attrs} [regexp -all -inline {<os\s([^>]*)>} $xml] {
        if {![regexp {\mid="([^"]+)"} $attrs -> id]} continue
        regexp {\mname="([^"]+)"} $attrs -> name
        set profile [expr {[dict exists $profiles $id] ? [dict get $profiles $id] : ""}]
        dict set rules $id [dict create name [string map {&amp; & &lt; < &gt; > &quot; \"} $name] profile $profile]
    }
    return $rules
}

# The rule ids a scenario claims to exercise (its `rule` file).
proc acsh::scenario_rules {dir} {
    return [scenario_setting $dir rule {}]
}

# The claim checked against the answer: the provider names the matched rule
# in the "os" requirement's evidence ({os} is the rule's name in every
# language). Returns a list of failure sentences.
proc acsh::check_rule_claim {output dir rules} {
    set failures {}
    set evidence ""
    foreach line [split $output \n] {
        if {[string match {AcsReadiness_Requirement\[os\].Evidence = *} $line]} { set evidence $line }
    }
    foreach id [scenario_rules $dir] {
        if {![dict exists $rules $id]} {
            lappend failures "rule file names '$id', which the catalog does not have"
            continue
        }
        set name [dict get $rules $id name]
        if {[string first $name $evidence] < 0} {
            lappend failures "rule '$id': the os requirement's evidence does not name '$name' (got: [expr {$evidence eq {} ? {no AcsReadiness_Requirement[os].Evidence line} : $evidence}])"
        }
    }
    return $failures
}
