# Windows collectors (x64, x86 only). The provider DLL and acsready.exe link
# $(call objs,<h>,$(COLLECT_SRCS)) and add $(COLLECT_LIBS) to their link line.
COLLECT_SRCS := \
  provider/collect/collect_util.c \
  provider/collect/os_identity.c \
  provider/collect/relevant_kbs.c \
  provider/collect/cbs_packages.c \
  provider/collect/kernel_version.c \
  provider/collect/root_store.c \
  provider/collect/seam_windows.c \
  provider/collect/ppl_services.c \
  provider/collect/ppl_win.c \
  provider/collect/authenticode.c \
  provider/collect/code_integrity.c \
  provider/collect/registry_watch.c \
  provider/collect/collect_host.c \
  provider/collect/collect_machine.c
COLLECT_LIBS := -lwintrust -lcrypt32 -lversion

# Unit tests of the collectors: cmocka, a fake seam, run in Wine (x64 and,
# through WoW64, x86: the 32-bit build is the one that must reach the 64-bit
# registry view and the native System32).
COLLECT_TEST_SRCS := $(sort $(wildcard tests/unit/win/test_*.c))
COLLECT_TEST_NAMES := $(basename $(notdir $(COLLECT_TEST_SRCS)))
# cbs_scan.c: the benchmark's scan, which the tests hold to the direct look-ups' answer.
# facts_cache.c: the provider's facts snapshot (test_facts_cache.c), Windows-only but no COM.
COLLECT_TEST_SUPPORT := tests/unit/win/fake_seam.c tests/unit/win/real_registry.c tests/unit/win/acs_root_der.c tests/bench/cbs_scan.c \
  provider/wmi/facts_cache.c
COLLECT_TEST_HOSTS := $(RUN_HOSTS)
COLLECT_WINEPREFIX := $(WINE_PREFIX_DIR)/collect

define collect_test_rules
$(B)/$(1)/tests/win/$(2).exe: $(call objs,$(1),tests/unit/win/$(2).c $(COLLECT_TEST_SUPPORT) $(COLLECT_SRCS)) $(call corelib,$(1))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS_$(1)) $$(LDFLAGS_$(1)) -o $$@ $$^ $$(CMOCKA_LIBS_$(1)) $$(XML_LIBS_$(1)) $$(COLLECT_LIBS)
endef
$(foreach h,$(COLLECT_TEST_HOSTS),$(foreach t,$(COLLECT_TEST_NAMES),$(eval $(call collect_test_rules,$(h),$(t)))))

COLLECT_TEST_EXES := $(foreach h,$(COLLECT_TEST_HOSTS),$(foreach t,$(COLLECT_TEST_NAMES),$(B)/$(h)/tests/win/$(t).exe))

# The benchmark of direct CBS look-ups against a scan (bench_cbs.c; the scan
# is tests/bench/cbs_scan.c, which nothing that ships links).
$(foreach h,x64 x86,$(eval $(call collect_test_rules,$(h),bench_cbs)))
.PHONY: test-collect bench-collect
# A throwaway prefix: a pristine template is made once; every run starts from
# a copy of it (only the registry files once the copy exists: measured here at
# 11 ms instead of seconds), so what test_real_seam writes never outlives it.
COLLECT_WINETEMPLATE := $(WINE_PREFIX_DIR)/collect-template
$(COLLECT_WINETEMPLATE)/system.reg: | $(DEPS_WINE)
	@mkdir -p $(WINE_PREFIX_DIR)
	WINEPREFIX=$(COLLECT_WINETEMPLATE) $(WINE) wineboot -i >/dev/null 2>&1
	WINEPREFIX=$(COLLECT_WINETEMPLATE) wineserver -w

test-collect: $(COLLECT_TEST_EXES) | $(COLLECT_WINETEMPLATE)/system.reg
	@set -e; export WINEPREFIX=$(COLLECT_WINEPREFIX); wineserver -k 2>/dev/null || true; \
	if [ -f $(COLLECT_WINEPREFIX)/system.reg ]; then \
	  cp $(COLLECT_WINETEMPLATE)/{system,user,userdef}.reg $(COLLECT_WINEPREFIX)/; \
	else rm -rf $(COLLECT_WINEPREFIX); cp -a $(COLLECT_WINETEMPLATE) $(COLLECT_WINEPREFIX); fi; \
	trap 'wineserver -k 2>/dev/null || true' EXIT; \
	for t in $(COLLECT_TEST_EXES); do echo "== $$t (wine)"; $(WINE) $$t; done
TEST_TARGETS += test-collect

# Prints and keeps build/wine/bench-cbs/result-<N>.csv for N = 1,000 and 20,000.
bench-collect: $(B)/x64/tests/win/bench_cbs.exe | $(DEPS_WINE)
	bash tests/unit/win/bench_cbs.sh $(B)/x64/tests/win/bench_cbs.exe 1000 20000
BENCH_TARGETS += bench-collect
