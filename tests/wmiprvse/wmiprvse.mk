# The WmiPrvSE stand-in (tests/wmiprvse): hosts a provider DLL the way WMI does.
# `make test-wmiprvse` proves the stand-in catches provider mistakes, with a
# fake provider (selftest/) registered in a throwaway Wine prefix.
WMIPRVSE_SRCS := \
  tests/wmiprvse/standin.c \
  tests/wmiprvse/mof.c \
  tests/wmiprvse/cimvalue.c \
  tests/wmiprvse/classobj.c \
  tests/wmiprvse/sinks.c \
  tests/wmiprvse/services.c \
  tests/wmiprvse/wql.c \
  tests/wmiprvse/host.c \
  tests/wmiprvse/options.c \
  tests/wmiprvse/runner.c \
  tests/wmiprvse/main.c
WMIPRVSE_LIBS := -lole32 -loleaut32 -lshell32 -lwbemuuid -luuid
WMIPRVSE_SELFTEST_SRCS := tests/wmiprvse/selftest/fakeprov.c
WMIPRVSE_SELFTEST_DEF := tests/wmiprvse/selftest/fakeprov.def

define wmiprvse_rules
$(B)/$(1)/tests/wmiprvse.exe: $(call objs,$(1),$(WMIPRVSE_SRCS))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(LDFLAGS_$(1)) -o $$@ $$^ $(WMIPRVSE_LIBS)

$(B)/$(1)/tests/wmiprvse-selftest.dll: $(call objs,$(1),$(WMIPRVSE_SELFTEST_SRCS)) $(WMIPRVSE_SELFTEST_DEF)
	@mkdir -p $$(@D)
	$$(CC_$(1)) -shared $$(LDFLAGS_$(1)) -o $$@ $$^ $(WMIPRVSE_LIBS) -ladvapi32
endef
$(foreach h,x64 x86,$(eval $(call wmiprvse_rules,$(h))))

ALL_TARGETS += $(B)/x64/tests/wmiprvse.exe $(B)/x86/tests/wmiprvse.exe

.PHONY: test-wmiprvse
test-wmiprvse: $(foreach h,$(RUN_HOSTS),$(B)/$(h)/tests/wmiprvse.exe $(B)/$(h)/tests/wmiprvse-selftest.dll) | $(DEPS_WINE)
	bash tests/wmiprvse/selftest/run.sh $(TOP)/$(B)
TEST_TARGETS += test-wmiprvse
