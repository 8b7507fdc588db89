# Rewrites the <ItemGroup Label="Sources"> block of each provider/*.vcxproj
# from what make compiles for the same output (x64), so adding a .c file to
# a Makefile fragment needs one command here: `make sync-vcxproj`. The
# project tests still compare both ways on every `make test`.
source [file join [file dirname [info script]] lib.tcl]

proc vs_path {repo_rel} {
    # Items are written relative to provider/, where the projects live.
    if {[string match provider/* $repo_rel]} {
        set p [string range $repo_rel [string length provider/] end]
    } else {
        set p ../$repo_rel
    }
    return [string map {/ \\} $p]
}

# One object file name per source, unique in the project: MSBuild would
# otherwise put collect/x.c and cli/x.c both into $(IntDir)x.obj.
proc obj_name {repo_rel} {
    set stem [file rootname $repo_rel]
    regsub {^provider/} $stem {} stem
    return [string map {/ _} $stem].obj
}

set status 0
foreach {project spec} [proj::project_map] {
    set vcx [proj::path provider $project.vcxproj]
    set target [string map {%h x64} [dict get $spec target]]
    if {![proj::make_has_target $target]} {
        puts stderr "sync-vcxproj: make has no rule for $target; $project.vcxproj left as it is"
        set status 1
        continue
    }
    set in [proj::make_inputs $target [dict keys [dict get $spec libs]]]
    if {[llength [dict get $in unknown]]} {
        puts stderr "sync-vcxproj: $target has inputs without a source file: [dict get $in unknown]"
        set status 1
    }
    set block "  <ItemGroup Label=\"Sources\">\n"
    append block "    <!-- Written by `make sync-vcxproj` from what make compiles for $target. -->\n"
    foreach f [dict get $in c] {
        append block "    <ClCompile Include=\"[vs_path $f]\">\n"
        append block "      <ObjectFileName>\$(IntDir)[obj_name $f]</ObjectFileName>\n"
        append block "    </ClCompile>\n"
    }
    # Sources a custom build step of the project writes (see its "Generated" group).
    foreach f [dict get $in generated] {
        append block "    <ClCompile Include=\"\$(IntDir)$f\">\n"
        append block "      <ObjectFileName>\$(IntDir)gen_[file rootname $f].obj</ObjectFileName>\n"
        append block "    </ClCompile>\n"
    }
    foreach f [dict get $in rc] {
        append block "    <ResourceCompile Include=\"[vs_path $f]\" />\n"
    }
    append block "  </ItemGroup>"
    set text [proj::read_text $vcx]
    set start [string first {<ItemGroup Label="Sources">} $text]
    if {$start < 0} {
        puts stderr "sync-vcxproj: $project.vcxproj has no <ItemGroup Label=\"Sources\"> block"
        set status 1
        continue
    }
    set start [expr {[string last \n $text $start] + 1}]
    set end [expr {[string first </ItemGroup> $text $start] + [string length </ItemGroup>] - 1}]
    set new [string replace $text $start $end $block]
    if {$new ne $text} {
        # Keep the file's own line endings: a rewrite must not touch every line.
        set eol [expr {[string first "\r\n" [proj::read_bytes $vcx]] >= 0 ? "crlf" : "lf"}]
        set fd [open $vcx w]
        fconfigure $fd -encoding utf-8 -translation $eol
        puts -nonewline $fd $new
        close $fd
        puts "sync-vcxproj: updated provider/$project.vcxproj"
    }
}
exit $status
