# The portable core: facts -> catalog -> verdict -> report. No windows.h.
CORE_SRCS := \
  provider/core/facts.c \
  provider/core/fileio.c \
  provider/core/catalog.c \
  provider/core/catalog_arena.c \
  provider/core/catalog_build.c \
  provider/core/catalog_load.c \
  provider/core/catalog_builtin.c \
  provider/core/evaluate.c \
  provider/core/ppl.c \
  provider/core/render.c \
  provider/core/report.c \
  provider/core/classes.c

define core_lib_rule
$(B)/$(1)/libacscore.a: $(call objs,$(1),$(CORE_SRCS))
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR_$(1)) rcs $$@ $$^
endef
$(foreach h,linux asan x64 x86,$(eval $(call core_lib_rule,$(h))))

# The built-in catalog is generated from the XML and XSD and committed, so MSVC
# builds need no generator; `make test` fails when the committed copy is stale.
CATALOG_XML := provider/catalog/acsready-catalog.xml
CATALOG_XSD := provider/catalog/catalog.xsd
.PHONY: regen check-generated
regen:
	bash scripts/embed-catalog.sh $(CATALOG_XML) $(CATALOG_XSD) > provider/core/catalog_builtin.c
check-generated:
	@bash scripts/embed-catalog.sh $(CATALOG_XML) $(CATALOG_XSD) | cmp -s - provider/core/catalog_builtin.c || \
	  { echo "provider/core/catalog_builtin.c is stale: run 'make regen'" >&2; exit 1; }
	@xmllint --noout --nonet --schema $(CATALOG_XSD) $(CATALOG_XML)
TEST_TARGETS += check-generated
