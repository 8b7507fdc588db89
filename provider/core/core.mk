# The portable core: facts -> catalog -> verdict -> report. No windows.h.
CORE_SRCS := \
  provider/core/facts.c \
  provider/core/fileio.c \
  provider/core/catalog.c \
  provider/core/catalog_arena.c \
  provider/core/catalog_build.c \
  provider/core/catalog_load.c \
  provider/core/catalog_text.c \
  provider/core/evaluate.c \
  provider/core/ppl.c \
  provider/core/plausible.c \
  provider/core/rules.c \
  provider/core/calendar.c \
  provider/core/render.c \
  provider/core/report.c \
  provider/core/classes.c

# The built-in catalog (the XML and XSD as bytes) is generated at build time by
# scripts/gen-catalog.c, a plain C program built for the build machine, and
# compiled into the library of every host: editing the XML and rebuilding ships
# the new catalog. provider/acscore.vcxproj runs the same generator.
CATALOG_XML := provider/catalog/acsready-catalog.xml
CATALOG_XSD := provider/catalog/catalog.xsd
GEN_DIR := $(B)/gen
CATALOG_BUILTIN_C := $(GEN_DIR)/catalog_builtin.c
CATALOG_GEN := $(B)/linux/gen-catalog

$(CATALOG_GEN): scripts/gen-catalog.c
	@mkdir -p $(@D)
	$(CC_linux) $(CFLAGS) -o $@ $<
$(CATALOG_BUILTIN_C): $(CATALOG_GEN) $(CATALOG_XML) $(CATALOG_XSD)
	@mkdir -p $(@D)
	$(CATALOG_GEN) $(CATALOG_XML) $(CATALOG_XSD) $@

define core_lib_rule
$(B)/$(1)/libacscore.a: $(call objs,$(1),$(CORE_SRCS) $(CATALOG_BUILTIN_C))
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR_$(1)) rcs $$@ $$^
endef
$(foreach h,linux asan x64 x86,$(eval $(call core_lib_rule,$(h))))

# The catalog XML must satisfy its schema (the loader also checks, at run time).
.PHONY: check-catalog
check-catalog:
	@xmllint --noout --nonet --schema $(CATALOG_XSD) $(CATALOG_XML)
TEST_TARGETS += check-catalog
