# Signed service images for the protected-service scenarios, made at test
# time and never committed: openssl makes two chains (a test root that a test
# catalog names as the ACS root, and a "legacy vendor" root), osslsigncode
# signs small resource-only PEs with them.
#
# A scenario opts in with an `images` file, one directive a line:
#   image KIND SIZE-MB WINDOWS-PATH   KIND: acs, legacy, unsigned, tampered (acs-signed, then one byte
#                                     changed), nested (legacy-signed, with an acs signature nested in it)
#   root acs|legacy                   that chain's root into LocalMachine\Root
# When a directive uses the acs chain (image acs or tampered, root acs), the
# provider reads the test catalog: the real one with the root's name and
# thumbprints replaced by the test ACS root's. Legacy-only images keep the
# real catalog (make demo's machine).

namespace eval acsh {
    variable pki_chains {
        acs {root "acsready Test ACS Root 2026" inter "acsready Test ACS Code Signing PCA" leaf "Contoso Antivirus (test)"}
        legacy {root "Legacy Vendor Test Root" inter "Legacy Vendor Test Code Signing CA" leaf "Legacy Vendor Security (test)"}
    }
}

proc acsh::pki_dir {} { return [file join [build_dir] pki] }

proc acsh::pki_run {args} {
    lassign [run {*}$args] rc out
    if {$rc != 0} { error "[lindex $args 0] failed: $out" }
    return $out
}

# Both chains, once per build directory, made under a temporary name and
# renamed so parallel workers never see half of it.
proc acsh::pki_ensure {} {
    variable pki_chains
    set dir [pki_dir]
    if {[file exists [file join $dir stamp]]} { return $dir }
    set tmp $dir.[pid]
    file delete -force $tmp
    file mkdir $tmp
    set ca_ext [file join $tmp ca.ext]
    set leaf_ext [file join $tmp leaf.ext]
    write_file $ca_ext "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
    write_file $leaf_ext "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n"
    dict for {chain names} $pki_chains {
        set p [file join $tmp $chain]
        pki_run openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout $p-root.key -out $p-root.pem \
            -subj "/CN=[dict get $names root]" -addext basicConstraints=critical,CA:TRUE \
            -addext keyUsage=critical,keyCertSign,cRLSign
        foreach {what issuer ext} [list inter root $ca_ext leaf inter $leaf_ext] {
            pki_run openssl req -newkey rsa:2048 -nodes -sha256 -keyout $p-$what.key -out $p-$what.csr \
                -subj "/CN=[dict get $names $what]"
            pki_run openssl x509 -req -sha256 -days 3650 -in $p-$what.csr -CA $p-$issuer.pem -CAkey $p-$issuer.key \
                -set_serial [expr {int(rand() * 1000000000) + 1}] -extfile $ext -out $p-$what.pem
        }
        write_file $p-signing.pem "[read_text $p-leaf.pem][read_text $p-inter.pem]"
    }
    close [open [file join $tmp stamp] w]
    if {[catch {file rename $tmp $dir}]} { file delete -force $tmp }
    return $dir
}

proc acsh::pki_cert {chain what} {
    return [file join [pki_ensure] $chain-$what.pem]
}

# The real catalog with the ACS root replaced by the test root.
proc acsh::test_catalog {} {
    variable pki_chains
    set out [file join [pki_ensure] acsready-catalog-test.xml]
    set source [path provider catalog acsready-catalog.xml]
    if {[file exists $out] && [file mtime $out] >= [file mtime $source]} { return $out }
    set der [cert_der [pki_cert acs root]]
    set sha1 [string toupper [sha1::sha1 -hex $der]]
    set tmp $out.[pid]
    set f [open $tmp.der wb]; puts -nonewline $f $der; close $f
    set sha256 [string toupper [lindex [pki_run openssl dgst -sha256 -r $tmp.der] 0]]
    file delete $tmp.der
    set xml [read_text $source]
    set xml [regsub {<root name="[^"]*"} $xml "<root name=\"[dict get $pki_chains acs root]\""]
    set xml [regsub {sha1="[0-9A-F]{40}"} $xml "sha1=\"$sha1\""]
    set xml [regsub {sha256="[0-9A-F]{64}"} $xml "sha256=\"$sha256\""]
    write_file $tmp $xml
    file rename -force $tmp $out
    return $out
}

# A resource-only PE of about size_mb MB signed as kind; cached.
proc acsh::signed_image {kind size_mb} {
    if {$kind ni {acs legacy unsigned tampered nested}} {
        error "images: unknown kind '$kind' (acs, legacy, unsigned, tampered, nested)"
    }
    set dir [file join [pki_ensure] images]
    file mkdir $dir
    set out [file join $dir $kind-$size_mb.exe]
    if {[file exists $out]} { return $out }
    set tmp $out.[pid]
    set payload [file join $dir payload-$size_mb.bin]
    if {![file exists $payload]} {
        set f [open $payload.[pid] wb]
        # Incompressible enough, and deterministic.
        set block [string repeat "acsready test image " 52]
        set n [expr {max(1, int($size_mb * 1024 * 1024 / [string length $block]))}]
        for {set i 0} {$i < $n} {incr i} { puts -nonewline $f $block }
        close $f
        file rename -force $payload.[pid] $payload
    }
    write_file $tmp.rc "1 RCDATA \"[file tail $payload]\"\n"
    set here [pwd]
    cd $dir
    try {
        pki_run x86_64-w64-mingw32-windres [file tail $tmp.rc] -O coff -o $tmp.o
    } finally {
        cd $here
    }
    pki_run x86_64-w64-mingw32-gcc -nostdlib -shared -Wl,-e,0 -o $tmp.pe $tmp.o
    file delete $tmp.rc $tmp.o
    switch -- $kind {
        unsigned { file rename -force $tmp.pe $tmp }
        nested {
            pki_run osslsigncode sign -certs [file join [pki_ensure] legacy-signing.pem] \
                -key [file join [pki_ensure] legacy-leaf.key] -h sha256 -in $tmp.pe -out $tmp.legacy
            pki_run osslsigncode sign -nest -certs [file join [pki_ensure] acs-signing.pem] \
                -key [file join [pki_ensure] acs-leaf.key] -h sha256 -in $tmp.legacy -out $tmp
            file delete $tmp.pe $tmp.legacy
        }
        default {
            set chain [expr {$kind eq "legacy" ? "legacy" : "acs"}]
            pki_run osslsigncode sign -certs [file join [pki_ensure] $chain-signing.pem] \
                -key [file join [pki_ensure] $chain-leaf.key] -h sha256 -in $tmp.pe -out $tmp
            file delete $tmp.pe
        }
    }
    if {$kind eq "tampered"} {
        # One byte of the resource data: the digest no longer matches.
        set f [open $tmp r+b]
        seek $f [expr {[file size $tmp] / 2}]
        set byte [read $f 1]
        seek $f [expr {[file size $tmp] / 2}]
        puts -nonewline $f [expr {$byte eq "x" ? "y" : "x"}]
        close $f
    }
    file rename -force $tmp $out
    return $out
}

# Reads the scenario's `images`: places the images and the test catalog,
# returns the .reg text for the roots it asks for ("" without an images file).
proc acsh::images_setup {dir prefix arch} {
    set spec [file join $dir images]
    if {![file exists $spec]} { return "" }
    set reg ""
    set uses_acs 0
    foreach line [split [read_text $spec] \n] {
        set line [string trim $line]
        if {$line eq "" || [string match #* $line]} continue
        # Not a Tcl list: paths hold blanks and backslashes.
        regexp {^(\S+)} $line -> directive
        switch -- $directive {
            image {
                if {![regexp {^image\s+(\S+)\s+(\S+)\s+(.+)$} $line -> kind size path]} {
                    error "images: '$line' is not: image KIND SIZE-MB PATH"
                }
                if {![regexp -nocase {^[a-z]:\\(.+)$} $path -> rest]} { error "images: '$path' is not a C:\\ path" }
                place_file $prefix [signed_image $kind $size] [file join drive_c {*}[split $rest \\]]
                if {$kind in {acs tampered nested}} { set uses_acs 1 }
            }
            root {
                set chain [lindex [split $line] end]
                if {$chain ni {acs legacy}} { error "images: '$line' is not: root acs|legacy" }
                if {$chain eq "acs"} { set uses_acs 1 }
                set cert [pki_cert $chain root]
                set der [cert_der $cert]
                set thumb [string toupper [sha1::sha1 -hex $der]]
                set blob [binary format iii 32 1 [string length $der]]$der
                append reg "\r\n; test root $chain (SHA-1 $thumb), made at test time\r\n"
                append reg "\[[store_key Root]\\$thumb\]\r\n\"Blob\"=hex:[reg_hex $blob]\r\n"
            }
            default { error "images: unknown directive '$directive'" }
        }
    }
    if {$uses_acs} {
        place_file $prefix [test_catalog] [file join drive_c acsready $arch acsready-catalog.xml]
    }
    return $reg
}
