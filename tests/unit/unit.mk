# Unit tests (cmocka). Every tests/unit/test_*.c links against the core library.
# Linux runs them under ASan+UBSan; x64 runs the same sources in Wine, which
# proves the core is portable where it matters (msvcrt, 8.3-free paths, CRLF).
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_NAMES := $(basename $(notdir $(UNIT_SRCS)))
# Every test links the built-in catalog fixture (builtin_catalog.c).
# Tests of portable code that lives outside provider/core.
UNIT_EXTRA_test_objpath := provider/wmi/objpath.c provider/wmi/wql.c
UNIT_EXTRA_test_csv_reader := provider/cli/csv_reader.c
UNIT_EXTRA_test_writer := provider/cli/writer.c
UNIT_EXTRA_test_evaluate_properties := tests/fuzz/facts_bytes.c
UNIT_EXTRA_test_encoding := provider/cli/encoding.c
UNIT_EXTRA_test_columns := provider/cli/columns.c provider/cli/os_names.c
UNIT_EXTRA_test_kb_filter := provider/cli/kb_filter.c
UNIT_EXTRA_test_version_cell := provider/cli/version_cell.c provider/cli/parse.c provider/cli/sniff.c

define unit_rules
$(B)/$(1)/tests/$(2)$(EXE_$(1)): $(call objs,$(1),tests/unit/$(2).c tests/unit/builtin_catalog.c $(UNIT_EXTRA_$(2))) $(call corelib,$(1))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS_$(1)) $$(LDFLAGS_$(1)) -o $$@ $$^ $$(CMOCKA_LIBS_$(1)) $$(XML_LIBS_$(1))
endef
$(foreach h,asan x64,$(foreach t,$(UNIT_NAMES),$(eval $(call unit_rules,$(h),$(t)))))

UNIT_ASAN := $(foreach t,$(UNIT_NAMES),$(B)/asan/tests/$(t))
UNIT_WIN := $(foreach t,$(UNIT_NAMES),$(B)/x64/tests/$(t).exe)

.PHONY: test-unit test-unit-asan test-unit-wine
test-unit: test-unit-asan test-unit-wine
test-unit-asan: $(UNIT_ASAN)
	@set -e; for t in $^; do echo "== $$t"; ACS_TEST_DATA=$(TOP)/tests/unit ASAN_OPTIONS=detect_leaks=1 $$t; done
# The prefix is made once by wineboot, as the other suites' are: a prefix that
# the first test program creates implicitly failed once under make -j2 from a
# clean clone ("could not load kernel32.dll", c0000135).
UNIT_WINEPREFIX := $(WINE_PREFIX_DIR)/unit
$(UNIT_WINEPREFIX)/system.reg: | $(DEPS_WINE)
	@mkdir -p $(@D)
	WINEPREFIX=$(UNIT_WINEPREFIX) $(WINE) wineboot -i >/dev/null 2>&1
	WINEPREFIX=$(UNIT_WINEPREFIX) wineserver -w
test-unit-wine: $(UNIT_WIN) | $(UNIT_WINEPREFIX)/system.reg
	@set -e; export WINEPREFIX=$(UNIT_WINEPREFIX); \
	for t in $(UNIT_WIN); do echo "== $$t (wine)"; ACS_TEST_DATA=$(TOP)/tests/unit $(WINE) $$t; done; \
	wineserver -k 2>/dev/null || true
TEST_TARGETS += test-unit
