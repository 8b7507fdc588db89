# acsready, the command line: build/linux/acsready (make cli), acsready.exe for
# x64 and x86 (with the Windows collectors, for `check`), its tcltest suite
# (test-cli) and the core benchmark (bench-core).
CLI_SRCS := \
  provider/cli/main.c \
  provider/cli/args.c \
  provider/cli/parse.c \
  provider/cli/help.c \
  provider/cli/writer.c \
  provider/cli/facts_from_args.c \
  provider/cli/ppl_args.c \
  provider/cli/evaluate_cmd.c \
  provider/cli/catalog_cmd.c \
  provider/cli/schema_cmd.c \
  provider/cli/output.c \
  provider/cli/csv_reader.c \
  provider/cli/encoding.c \
  provider/cli/sniff.c \
  provider/cli/columns.c \
  provider/cli/os_names.c \
  provider/cli/version_cell.c \
  provider/cli/labels.c \
  provider/cli/html_report.c \
  provider/cli/inventory_columns.c \
  provider/cli/kb_filter.c \
  provider/cli/inventory_row.c \
  provider/cli/inventory.c

# evaluate_cmd.c calls the collectors (check) only when _WIN32; the exe links them.
define cli_posix_rule
$(B)/$(1)/acsready: $(call objs,$(1),$(CLI_SRCS)) $(call corelib,$(1))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS) $$(CFLAGS_$(1)) $$(LDFLAGS_$(1)) -o $$@ $$^ $$(XML_LIBS_$(1))
endef
$(foreach h,linux asan,$(eval $(call cli_posix_rule,$(h))))

define cli_windows_rule
$(B)/$(1)/acsready.exe: $(call objs,$(1),$(CLI_SRCS) $(COLLECT_SRCS)) $(call corelib,$(1))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS) $$(CFLAGS_$(1)) $$(LDFLAGS_$(1)) -o $$@ $$^ $$(XML_LIBS_$(1)) $$(COLLECT_LIBS) -lshell32
endef
$(foreach h,x64 x86,$(eval $(call cli_windows_rule,$(h))))

# The same program with a 200-byte CSV buffer, so tests cross the reader's
# refill boundary on every few records (tests/cli/inventory.test compares it).
CLI_SMALLBUF_OBJS := $(patsubst %.c,$(B)/asan/smallbuf/%.o,$(CLI_SRCS))
DEP_FILES += $(CLI_SMALLBUF_OBJS:.o=.d)
$(B)/asan/smallbuf/%.o: %.c | $(NATIVE_HEADERS)
	@mkdir -p $(@D)
	$(CC_asan) $(CFLAGS) $(CFLAGS_asan) $(CPPFLAGS) $(CPPFLAGS_asan) -DCLI_CSV_BUFFER=200u -MMD -MP -c $< -o $@
$(B)/asan/acsready-smallbuf: $(CLI_SMALLBUF_OBJS) $(call corelib,asan)
	$(CC_asan) $(CFLAGS) $(CFLAGS_asan) $(LDFLAGS_asan) -o $@ $^ $(XML_LIBS_asan)

.PHONY: cli test-cli bench-core
cli: $(B)/linux/acsready
ALL_TARGETS += $(B)/linux/acsready $(B)/x64/acsready.exe $(B)/x86/acsready.exe

# Every tcltest file runs against the native binary and the ASan/UBSan build;
# the tests marked "smoke" also run against both .exe files in Wine. A file
# exits 1 when a test of it failed (tests/cli/data/cli_helpers.tcl).
CLI_TESTS := $(sort $(wildcard tests/cli/*.test))
CLI_WINEPREFIX := $(WINE_PREFIX_DIR)/cli

$(CLI_WINEPREFIX)/system.reg: | $(DEPS_WINE)
	@mkdir -p $(@D)
	WINEPREFIX=$(CLI_WINEPREFIX) $(WINE) wineboot -i >/dev/null 2>&1
	WINEPREFIX=$(CLI_WINEPREFIX) wineserver -w

test-cli: $(B)/linux/acsready $(B)/asan/acsready $(B)/asan/acsready-smallbuf $(B)/x64/acsready.exe $(B)/x86/acsready.exe \
          | $(CLI_WINEPREFIX)/system.reg
	@set -e; export ACSREADY_SMALLBUF=$(TOP)/$(B)/asan/acsready-smallbuf; for t in $(CLI_TESTS); do \
	  echo "== $$t (linux)"; ACSREADY=$(TOP)/$(B)/linux/acsready tclsh $$t; \
	  echo "== $$t (asan)"; ASAN_OPTIONS=detect_leaks=1 ACSREADY=$(TOP)/$(B)/asan/acsready tclsh $$t; \
	done
	@set -e; export WINEPREFIX=$(CLI_WINEPREFIX); trap 'wineserver -k 2>/dev/null || true' EXIT; \
	for exe in $(foreach h,$(RUN_HOSTS),$(B)/$(h)/acsready.exe); do for t in $(CLI_TESTS); do \
	  echo "== $$t ($$exe, wine, smoke)"; \
	  ACSREADY=$(TOP)/$$exe ACSREADY_WINE=1 tclsh $$t -constraints "smoke wine" -limitconstraints 1; \
	done; done
TEST_TARGETS += test-cli

# The core benchmark: catalog load, one evaluation, inventory throughput on a
# generated export of 1,000,000 machines. Reports PASS/MISS; never fails on a target.
BENCH_DIR := $(B)/bench
$(B)/linux/bench/bench_core: $(call objs,linux,tests/bench/bench_core.c) $(call corelib,linux)
	@mkdir -p $(@D)
	$(CC_linux) $(CFLAGS) $(LDFLAGS_linux) -o $@ $^ $(XML_LIBS_linux)
$(B)/linux/bench/gen_inventory: $(call objs,linux,tests/bench/gen_inventory.c)
	@mkdir -p $(@D)
	$(CC_linux) $(CFLAGS) $(LDFLAGS_linux) -o $@ $^

bench-core: $(B)/linux/bench/bench_core $(B)/linux/bench/gen_inventory $(B)/linux/acsready
	@mkdir -p $(BENCH_DIR)
	$(B)/linux/bench/bench_core --cli $(B)/linux/acsready --generator $(B)/linux/bench/gen_inventory \
	  --catalog $(CATALOG_XML) --work $(BENCH_DIR) --csv $(BENCH_DIR)/core.csv
BENCH_TARGETS += bench-core
