# libFuzzer harnesses (clang, ASan + UBSan) for every parser of outside
# input: the inventory CSV and its rows, the catalog, the command line, the
# WMI object path and WQL, and the evaluator over arbitrary facts.
#   make fuzz                 each target FUZZ_SECONDS (60) on its corpus
#   make test-fuzz            (in make test) each target FUZZ_SHORT_SECONDS (8)
# Seeds: tests/fuzz/corpus/<target>/ (plus the shipped catalog for the catalog
# target). New inputs libFuzzer finds stay in build/fuzz/corpus; a crash is
# written to build/fuzz/artifacts/ and must become a unit test.
FUZZ_CC := clang
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -g -O1 $(WARN) $(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link
# A 256-byte CSV buffer: refills and oversized records on small inputs.
FUZZ_CPPFLAGS := $(CPPFLAGS) $(CPPFLAGS_linux) -DCLI_CSV_BUFFER=256u -I$(TOP)/tests/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SHORT_SECONDS ?= 8
FUZZ_DIR := $(B)/fuzz

FUZZ_TARGETS := csv catalog args objpath wql evaluate
FUZZ_CLI_LIB := $(filter-out provider/cli/main.c,$(CLI_SRCS))
# The core's sources plus the catalog the build generates (provider/core/core.mk).
FUZZ_CORE := $(CORE_SRCS) $(CATALOG_BUILTIN_C)
FUZZ_SRCS_csv := $(FUZZ_CLI_LIB) $(FUZZ_CORE)
FUZZ_SRCS_catalog := $(FUZZ_CORE)
FUZZ_SRCS_args := $(FUZZ_CLI_LIB) $(FUZZ_CORE)
FUZZ_SRCS_objpath := provider/wmi/objpath.c
FUZZ_SRCS_wql := provider/wmi/wql.c provider/wmi/objpath.c
FUZZ_SRCS_evaluate := tests/fuzz/facts_bytes.c $(FUZZ_CORE)
# libFuzzer options per target: input size, and stderr closed where the
# code under test prints usage errors.
FUZZ_OPTS_csv := -max_len=4096
FUZZ_OPTS_catalog := -max_len=131072 -timeout=10
FUZZ_OPTS_args := -max_len=1024 -close_fd_mask=2
FUZZ_OPTS_objpath := -max_len=512
FUZZ_OPTS_wql := -max_len=512
FUZZ_OPTS_evaluate := -max_len=512

$(FUZZ_DIR)/obj/%.o: %.c | $(DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_CPPFLAGS) -MMD -MP -c $< -o $@

define fuzz_rules
$(FUZZ_DIR)/fuzz_$(1): $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)))
	$(FUZZ_CC) $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $$@ $$^ $(XML_LIBS_linux)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rules,$(t))))
FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(FUZZ_DIR)/fuzz_$(t))

# fuzz_one(target,seconds): one target on its working corpus, seeded from the
# repository; a crash (libFuzzer exits non-zero) fails the recipe and the log
# names the artifact.
define fuzz_one
	@corpus=$(FUZZ_DIR)/corpus/$(1); log=$(FUZZ_DIR)/fuzz_$(1).log; \
	mkdir -p $$corpus $(FUZZ_DIR)/artifacts; \
	cp -n tests/fuzz/corpus/$(1)/* $$corpus/ 2>/dev/null || true; \
	$(if $(filter catalog,$(1)),cp -n $(CATALOG_XML) $$corpus/shipped-catalog.xml;) \
	echo "== fuzz_$(1) ($(2) s)"; \
	if $(FUZZ_DIR)/fuzz_$(1) $$corpus -max_total_time=$(2) -rss_limit_mb=2048 -print_final_stats=1 \
	     -artifact_prefix=$(FUZZ_DIR)/artifacts/$(1)- $(FUZZ_OPTS_$(1)) >$$log 2>&1; then \
	  grep -E '^stat::number_of_executed_units|^Done ' $$log || true; \
	else \
	  tail -n 40 $$log; echo "fuzz_$(1): FAILED (log: $$log)"; exit 1; \
	fi

endef

.PHONY: fuzz fuzz-build test-fuzz
fuzz-build: $(FUZZ_BINS)
fuzz: $(FUZZ_BINS)
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_one,$(t),$(FUZZ_SECONDS)))
test-fuzz: $(FUZZ_BINS)
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_one,$(t),$(FUZZ_SHORT_SECONDS)))
TEST_TARGETS += test-fuzz
