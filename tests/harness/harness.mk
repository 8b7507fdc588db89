# Emulated Windows machines in Wine: scenarios, the demo, the provider benchmark.
#   make scenario DIR=path/to/folder [ARCH=x64|x86]   one machine, any folder
#   make test-scenarios                               every tests/scenarios/* (part of make test)
#   make demo                                         a default machine, Get-CimInstance style
#   make bench-provider                               part of make bench
HARNESS_DIR := tests/harness
HARNESS_BINS := $(B)/x64/acsreadyprov.dll $(B)/x64/tests/wmiprvse.exe \
  $(B)/x86/acsreadyprov.dll $(B)/x86/tests/wmiprvse.exe $(B)/x64/acsready.exe mof/acsready.mof
WINE_TEMPLATE := $(WINE_PREFIX_DIR)/template/.acsready-template
TCLSH := tclsh

$(WINE_TEMPLATE): scripts/wine-prefix.sh | $(DEPS_WINE)
	@bash scripts/wine-prefix.sh $(WINE_PREFIX_DIR)/template

.PHONY: scenario test-scenarios demo bench-provider
scenario: $(HARNESS_BINS) $(WINE_TEMPLATE)
	@test -n "$(DIR)" || { echo "usage: make scenario DIR=path/to/scenario [ARCH=x64|x86]" >&2; exit 64; }
	@$(TCLSH) $(HARNESS_DIR)/scenario.tcl $(if $(ARCH),--arch $(ARCH)) "$(abspath $(DIR))"

test-scenarios: $(HARNESS_BINS) $(WINE_TEMPLATE)
	@$(TCLSH) $(HARNESS_DIR)/all.tcl
TEST_TARGETS += test-scenarios

demo: $(HARNESS_BINS) $(WINE_TEMPLATE)
	@$(TCLSH) $(HARNESS_DIR)/demo.tcl

bench-provider: $(HARNESS_BINS) $(B)/x64/bench/acsreadyprov.dll $(B)/x86/bench/acsreadyprov.dll \
  $(B)/x64/bench/collect-timing.exe $(WINE_TEMPLATE)
	@$(TCLSH) $(HARNESS_DIR)/bench.tcl
BENCH_TARGETS += bench-provider

# GetObject/ExecQuery/bad paths/locales/threads against the real DLL on one machine.
.PHONY: test-requests
test-requests: $(HARNESS_BINS) $(WINE_TEMPLATE)
	@$(TCLSH) $(HARNESS_DIR)/requests.test
TEST_TARGETS += test-requests

# Protected services: 400 services, three protected 10 MB images; cold/warm
# AcsReadiness_PplModule and the stand-in's memory over 10,000 queries.
.PHONY: bench-ppl
bench-ppl: $(HARNESS_BINS) $(WINE_TEMPLATE)
	@$(TCLSH) $(HARNESS_DIR)/bench_ppl.tcl
BENCH_TARGETS += bench-ppl
