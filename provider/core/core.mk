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
# scripts/gen-catalog.c, a C program built for the build machine with its
# libxml2, and compiled into the library of every host: editing the XML and
# rebuilding ships the new catalog. The generator validates the XML against
# the XSD and writes nothing when it is not valid, so an invalid catalog fails
# every build; the loader relies on that to skip the XSD for the built-in copy.
# provider/acscore.vcxproj runs the same generator.
CATALOG_XML := provider/catalog/acsready-catalog.xml
CATALOG_XSD := provider/catalog/catalog.xsd
GEN_DIR := $(B)/gen
CATALOG_BUILTIN_C := $(GEN_DIR)/catalog_builtin.c
CATALOG_GEN := $(B)/linux/gen-catalog

$(CATALOG_GEN): scripts/gen-catalog.c provider/core/catalog_parse_options.h | $(NATIVE_HEADERS)
	@mkdir -p $(@D)
	$(CC_linux) $(CFLAGS) $(CPPFLAGS_linux) -o $@ $< $(XML_LIBS_linux)
$(CATALOG_BUILTIN_C): $(CATALOG_GEN) $(CATALOG_XML) $(CATALOG_XSD)
	@mkdir -p $(@D)
	$(CATALOG_GEN) $(CATALOG_XML) $(CATALOG_XSD) $@

define core_lib_rule
$(B)/$(1)/libacscore.a: $(call objs,$(1),$(CORE_SRCS) $(CATALOG_BUILTIN_C))
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR_$(1)) rcs $$@ $$^
endef
$(foreach h,linux asan x64 x86,$(eval $(call core_lib_rule,$(h))))

# The catalog XML must satisfy its schema: the build's generator checks with
# libxml2 (above), this checks with xmllint, a second opinion.
.PHONY: check-catalog
check-catalog:
	@xmllint --noout --nonet --schema $(CATALOG_XSD) $(CATALOG_XML)
TEST_TARGETS += check-catalog
