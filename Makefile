# acsready: Linux build of the portable core and command line, mingw-w64 cross
# builds of the provider DLL and acsready.exe (x64, x86), and every test.
#
# Each component adds its own rules in a fragment (*.mk next to its sources);
# fragments append to ALL_TARGETS, TEST_TARGETS and BENCH_TARGETS.
# Hosts: linux (native gcc), asan (native gcc with ASan+UBSan, tests only),
# x64 (x86_64-w64-mingw32), x86 (i686-w64-mingw32).

.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:

TOP := $(CURDIR)
B := build
# What a target needs beyond gcc and libxml2-dev, installed by scripts/deps.sh
# in parts (order-only prerequisites; each part leaves a stamp):
#   DEPS_CROSS  mingw-w64 and the cross-built libxml2/cmocka: the x64/x86 builds
#   DEPS_TOOLS  xmllint, cmocka, Tcl+tcllib, openssl: what the tests run
#   DEPS_WINE   64- and 32-bit Wine: only targets that run Windows code
#   DEPS        all of it (make deps, make test, make demo)
# The Linux command line (make cli) needs none of them.
DEPS_DIR := $(TOP)/.deps
DEPS_CROSS := $(DEPS_DIR)/cross.stamp
DEPS_TOOLS := $(DEPS_DIR)/tools.stamp
DEPS_WINE := $(DEPS_DIR)/wine.stamp
DEPS := $(DEPS_DIR)/all.stamp
VERSION := $(shell cat VERSION)

CC_linux := gcc
CC_asan := gcc
CC_x64 := x86_64-w64-mingw32-gcc
CC_x86 := i686-w64-mingw32-gcc
WINDRES_x64 := x86_64-w64-mingw32-windres
WINDRES_x86 := i686-w64-mingw32-windres
AR_linux := ar
AR_asan := ar
AR_x64 := x86_64-w64-mingw32-ar
AR_x86 := i686-w64-mingw32-ar
TRIPLE_x64 := x86_64-w64-mingw32
TRIPLE_x86 := i686-w64-mingw32
EXE_linux :=
EXE_asan :=
EXE_x64 := .exe
EXE_x86 := .exe

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS := -std=c11 -O2 -g $(WARN)
CPPFLAGS := -I$(TOP)/provider -DACS_VERSION=\"$(VERSION)\"
CPPFLAGS_linux := -D_POSIX_C_SOURCE=200809L -I/usr/include/libxml2
CPPFLAGS_asan := $(CPPFLAGS_linux)
CFLAGS_asan := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1
CPPFLAGS_x64 := -I$(DEPS_DIR)/$(TRIPLE_x64)/include/libxml2 -I$(DEPS_DIR)/$(TRIPLE_x64)/include -DLIBXML_STATIC \
  -D_WIN32_WINNT=0x0600 -DWINVER=0x0600 -DUNICODE -D_UNICODE -DCMOCKA_STATIC -D__USE_MINGW_ANSI_STDIO=1
CPPFLAGS_x86 := $(subst $(TRIPLE_x64),$(TRIPLE_x86),$(CPPFLAGS_x64))
LDFLAGS_linux :=
LDFLAGS_asan := -fsanitize=address,undefined
LDFLAGS_x64 := -static -static-libgcc
LDFLAGS_x86 := -static -static-libgcc -Wl,--enable-stdcall-fixup
XML_LIBS_linux := -lxml2
XML_LIBS_asan := -lxml2
XML_LIBS_x64 := $(DEPS_DIR)/$(TRIPLE_x64)/lib/libxml2.a
XML_LIBS_x86 := $(DEPS_DIR)/$(TRIPLE_x86)/lib/libxml2.a
CMOCKA_LIBS_linux := -lcmocka
CMOCKA_LIBS_asan := -lcmocka
CMOCKA_LIBS_x64 := $(DEPS_DIR)/$(TRIPLE_x64)/lib/libcmocka-static.a
CMOCKA_LIBS_x86 := $(DEPS_DIR)/$(TRIPLE_x86)/lib/libcmocka-static.a

# Wine: one prefix per use, never the user's ~/.wine. Exit codes arrive cut to 8 bits.
WINE := env WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml=" wine
# x86 Windows programs run in Wine only where the kernel runs 32-bit programs
# (some virtual machines' kernels lack IA32 emulation). Elsewhere they are
# built but not run, `make test` says so, and scripts/wine-bin/wine (first on
# every recipe's PATH) runs x64 programs with Wine's 64-bit loader.
ACS_RUN_X86 := $(shell bash scripts/can-run-i386.sh && echo 1 || echo 0)
RUN_HOSTS := x64 $(if $(filter 1,$(ACS_RUN_X86)),x86)
export ACS_RUN_X86
export PATH := $(TOP)/scripts/wine-bin:$(PATH)
WINE_PREFIX_DIR := $(TOP)/$(B)/wine

# obj dir of a host, and the objects for a list of sources. objs also records
# each object's dependency file (gcc -MMD), included at the end.
objdir = $(B)/$(1)/obj
DEP_FILES :=
objs = $(eval DEP_FILES += $(patsubst %.c,$(B)/$(1)/obj/%.d,$(2)))$(patsubst %.c,$(B)/$(1)/obj/%.o,$(2))
corelib = $(B)/$(1)/libacscore.a

ALL_TARGETS :=
TEST_TARGETS :=
BENCH_TARGETS :=

# Native objects need only gcc and libxml2-dev, and say which package is
# missing; cross objects need the cross-built libraries.
NATIVE_HEADERS := $(B)/native-headers.ok
NEEDS_linux := $(NATIVE_HEADERS)
NEEDS_asan := $(NATIVE_HEADERS)
NEEDS_x64 := $(DEPS_CROSS)
NEEDS_x86 := $(DEPS_CROSS)

define host_rules
$(B)/$(1)/obj/%.o: %.c | $(NEEDS_$(1))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS) $$(CFLAGS_$(1)) $$(CPPFLAGS) $$(CPPFLAGS_$(1)) -MMD -MP -c $$< -o $$@
endef
$(foreach h,linux asan x64 x86,$(eval $(call host_rules,$(h))))

$(NATIVE_HEADERS):
	@echo '#include <libxml/parser.h>' | $(CC_linux) $(CPPFLAGS_linux) -E -o /dev/null - 2>/dev/null || \
	  { echo "acsready: <libxml/parser.h> not found: install the Debian package libxml2-dev" \
	         "(apt-get install libxml2-dev), or run 'make deps' for everything" >&2; exit 1; }
	@mkdir -p $(@D) && touch $@
# make test, demo and bench set up a fresh machine: there the headers are
# installed (deps.sh all) before they are checked, even under -j.
ifneq ($(filter test demo bench,$(MAKECMDGOALS)),)
$(NATIVE_HEADERS): | $(DEPS)
endif

include provider/core/core.mk
include provider/collect/collect.mk
include provider/wmi/wmi.mk
include provider/cli/cli.mk
include tests/unit/unit.mk
include tests/wmiprvse/wmiprvse.mk
include tests/harness/harness.mk
include tests/project/project.mk
include tests/fuzz/fuzz.mk
include packaging/packaging.mk

# Every test and benchmark runs tools (xmllint, tclsh packages, cmocka); the
# ones that run Windows code also ask for $(DEPS_WINE) in their fragment.
$(TEST_TARGETS) $(BENCH_TARGETS) scenario: | $(DEPS_TOOLS)

.PHONY: all deps cli test bench demo clean distclean
all: $(ALL_TARGETS)

# Installs everything once; cheap when done. A part runs when its stamp is
# missing or the script changed.
deps:
	@bash scripts/deps.sh all
$(DEPS): scripts/deps.sh
	@bash scripts/deps.sh all
$(DEPS_CROSS) $(DEPS_TOOLS) $(DEPS_WINE): $(DEPS_DIR)/%.stamp: scripts/deps.sh
	@bash scripts/deps.sh $*

# make test and make demo set up a fresh machine completely.
test demo: | $(DEPS)
test: $(TEST_TARGETS)
	@if [ $(ACS_RUN_X86) = 0 ]; then echo "make test: NOTE: x86 Windows programs were built but NOT run:" \
	  "this kernel cannot run 32-bit programs (scripts/can-run-i386.sh)"; fi
	@echo "make test: all suites passed"

bench: $(BENCH_TARGETS)

clean:
	rm -rf $(B)

distclean: clean
	rm -rf $(DEPS_DIR)

-include $(wildcard $(sort $(DEP_FILES)))
