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
DEPS_DIR := $(TOP)/.deps
DEPS := $(DEPS_DIR)/stamp
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
WINE_PREFIX_DIR := $(TOP)/$(B)/wine

# obj dir of a host, and the objects for a list of sources.
objdir = $(B)/$(1)/obj
objs = $(patsubst %.c,$(B)/$(1)/obj/%.o,$(2))
corelib = $(B)/$(1)/libacscore.a

ALL_TARGETS :=
TEST_TARGETS :=
BENCH_TARGETS :=

define host_rules
$(B)/$(1)/obj/%.o: %.c | $(DEPS)
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS) $$(CFLAGS_$(1)) $$(CPPFLAGS) $$(CPPFLAGS_$(1)) -MMD -MP -c $$< -o $$@
endef
$(foreach h,linux asan x64 x86,$(eval $(call host_rules,$(h))))

include provider/core/core.mk
-include provider/collect/collect.mk
-include provider/wmi/wmi.mk
-include provider/cli/cli.mk
-include tests/unit/unit.mk
-include tests/wmiprvse/wmiprvse.mk
-include tests/harness/harness.mk
-include tests/project/project.mk
-include packaging/packaging.mk

# Every test, benchmark and demo runs tools that deps installs (xmllint, wine,
# tclsh packages): on a fresh machine they must come after it.
$(TEST_TARGETS) $(BENCH_TARGETS) demo scenario: | $(DEPS)

.PHONY: all deps cli test bench demo clean distclean
all: $(ALL_TARGETS)

# Installs packages and cross-builds libxml2/cmocka once; cheap when done.
deps:
	@bash scripts/deps.sh
$(DEPS): scripts/deps.sh
	@bash scripts/deps.sh

test: $(TEST_TARGETS)
	@echo "make test: all suites passed"

bench: $(BENCH_TARGETS)

clean:
	rm -rf $(B)

distclean: clean
	rm -rf $(DEPS_DIR)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
