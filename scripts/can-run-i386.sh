#!/usr/bin/env bash
# Exit 0 when this Linux kernel can run 32-bit x86 programs, 1 when it cannot.
# Wine runs 32-bit Windows programs (the x86 DLL, WoW64's regsvr32) only through
# its 32-bit loader, an i386 ELF; a kernel built without IA32 emulation (some
# virtual machines) refuses every i386 program with "Exec format error", and
# installing wine32 there even breaks the `wine` launcher. So ask the kernel
# with the smallest i386 program there is: 93 bytes, one PT_LOAD segment whose
# code is `mov eax,1; xor ebx,ebx; int 0x80` (exit(0)).
set -u
probe=$(mktemp "${TMPDIR:-/tmp}/acsready-i386.XXXXXX") || exit 1
trap 'rm -f "$probe"' EXIT
printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000'   >  "$probe" # e_ident: ELF32, LSB, v1
printf '\002\000\003\000\001\000\000\000\124\200\004\010'           >> "$probe" # ET_EXEC, EM_386, v1, entry 0x08048054
printf '\064\000\000\000\000\000\000\000\000\000\000\000'           >> "$probe" # phoff 52, shoff 0, flags 0
printf '\064\000\040\000\001\000\000\000\000\000\000\000'           >> "$probe" # ehsize 52, phentsize 32, phnum 1
printf '\001\000\000\000\000\000\000\000\000\200\004\010\000\200\004\010' >> "$probe" # PT_LOAD, offset 0, vaddr/paddr
printf '\135\000\000\000\135\000\000\000\005\000\000\000\000\020\000\000' >> "$probe" # filesz/memsz 93, R+X, align 4096
printf '\270\001\000\000\000\061\333\315\200'                       >> "$probe" # mov eax,1; xor ebx,ebx; int 0x80
chmod +x "$probe"
"$probe" 2>/dev/null
