# The WMI provider DLL: build/<x64|x86>/acsreadyprov.dll (COM in-process
# server + IWbemServices instance provider), linked with the collectors and
# the core library. objpath.c and wql.c are portable: tests/unit/test_objpath.c
# builds them for Linux too.
WMI_SRCS := \
  provider/wmi/module.c \
  provider/wmi/provider.c \
  provider/wmi/request.c \
  provider/wmi/facts_cache.c \
  provider/wmi/instance.c \
  provider/wmi/config.c \
  provider/wmi/text.c \
  provider/wmi/objpath.c \
  provider/wmi/wql.c
WMI_PORTABLE_SRCS := provider/wmi/objpath.c provider/wmi/wql.c

WMI_LIBS := $(COLLECT_LIBS) -lole32 -loleaut32 -luuid -lwbemuuid -ladvapi32 -lcrypt32 -lversion

WMI_VERSION_WORDS := $(subst ., ,$(firstword $(subst -, ,$(VERSION))))
WMI_RCFLAGS := -DACS_VER_MAJOR=$(or $(word 1,$(WMI_VERSION_WORDS)),0) \
  -DACS_VER_MINOR=$(or $(word 2,$(WMI_VERSION_WORDS)),0) \
  -DACS_VER_PATCH=$(or $(word 3,$(WMI_VERSION_WORDS)),0) \
  -DACS_VERSION_STR=\\\"$(VERSION)\\\"

# The benchmark's provider (make bench-provider, its "scan" row): the same DLL
# with tests/bench/collect_machine_scan.c linked in place of collect_machine.c,
# so the scan of every CBS package key never ships.
WMI_DLL_SRCS := $(WMI_SRCS) $(COLLECT_SRCS)
WMI_BENCH_DLL_SRCS := $(WMI_SRCS) $(filter-out provider/collect/collect_machine.c,$(COLLECT_SRCS)) \
  tests/bench/collect_machine_scan.c tests/bench/cbs_scan.c

# $(1) host, $(2) the DLL, $(3) its C sources
define wmi_dll_rule
$(2): $(call objs,$(1),$(3)) $(B)/$(1)/obj/provider/wmi/acsreadyprov.res.o $(call corelib,$(1)) provider/wmi/acsreadyprov.def
	@mkdir -p $$(@D)
	$$(CC_$(1)) -shared -o $$@ provider/wmi/acsreadyprov.def \
	  $(call objs,$(1),$(3)) $(B)/$(1)/obj/provider/wmi/acsreadyprov.res.o \
	  $(call corelib,$(1)) $$(XML_LIBS_$(1)) $(WMI_LIBS) $$(LDFLAGS_$(1))
endef

define wmi_rules
$(B)/$(1)/obj/provider/wmi/acsreadyprov.res.o: provider/wmi/acsreadyprov.rc VERSION | $(DEPS_CROSS)
	@mkdir -p $$(@D)
	$$(WINDRES_$(1)) $(WMI_RCFLAGS) -i $$< -o $$@
$(call wmi_dll_rule,$(1),$(B)/$(1)/acsreadyprov.dll,$(WMI_DLL_SRCS))
$(call wmi_dll_rule,$(1),$(B)/$(1)/bench/acsreadyprov.dll,$(WMI_BENCH_DLL_SRCS))
endef
$(foreach h,x64 x86,$(eval $(call wmi_rules,$(h))))

# The benchmark's per-collector timing (make bench-provider runs it on the
# large machine): the collectors and the core behind a counting seam
# (tests/bench/collect_timing.c); nothing that ships links it.
$(B)/x64/bench/collect-timing.exe: $(call objs,x64,tests/bench/collect_timing.c $(COLLECT_SRCS)) $(call corelib,x64)
	@mkdir -p $(@D)
	$(CC_x64) $(CFLAGS_x64) $(LDFLAGS_x64) -o $@ $^ $(XML_LIBS_x64) $(COLLECT_LIBS)

ALL_TARGETS += $(B)/x64/acsreadyprov.dll $(B)/x86/acsreadyprov.dll

# The MOF is generated from the class table (provider/core/classes.c) so it
# cannot drift from what the provider Puts; `make mof` rewrites mof/, and
# check-mof (part of `make test`) fails when the committed files are stale.
# Amendments are UTF-16LE with a BOM: the encoding mofcomp reads for
# non-ASCII text on every Windows version.
MOF_GEN := $(B)/linux/gen-mof
MOF_LOCALES := MS_409 MS_404 MS_411
MOF_TRANSLATIONS := mof/translations.tsv
mof_lower = $(shell echo $(1) | tr A-Z a-z)

$(MOF_GEN): $(call objs,linux,scripts/gen-mof.c) $(call corelib,linux)
	@mkdir -p $(@D)
	$(CC_linux) $(LDFLAGS_linux) -o $@ $^ $(XML_LIBS_linux)

# $(1): output directory
define mof_write
	$(MOF_GEN) mof > $(1)/acsready.mof
	$(MOF_GEN) uninstall > $(1)/acsready-uninstall.mof
	set -e; for l in $(MOF_LOCALES); do \
	  lower=$$(echo $$l | tr A-Z a-z); \
	  $(MOF_GEN) mfl $$l $(MOF_TRANSLATIONS) > $(1)/acsready.$$lower.mfl.utf8; \
	  { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE $(1)/acsready.$$lower.mfl.utf8; } > $(1)/acsready.$$lower.mfl; \
	  rm -f $(1)/acsready.$$lower.mfl.utf8; \
	done
endef

.PHONY: mof check-mof
mof: $(MOF_GEN)
	$(call mof_write,mof)

check-mof: $(MOF_GEN)
	@rm -rf $(B)/mof-check && mkdir -p $(B)/mof-check
	@$(call mof_write,$(B)/mof-check)
	@for f in acsready.mof acsready-uninstall.mof $(foreach l,$(MOF_LOCALES),acsready.$(call mof_lower,$(l)).mfl); do \
	  cmp -s $(B)/mof-check/$$f mof/$$f || { echo "mof/$$f is stale: run 'make mof'" >&2; exit 1; }; \
	done
TEST_TARGETS += check-mof
