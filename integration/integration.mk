# What the MSI ships for SCCM and Intune, built from integration/:
#   build/integration/intune/  the Remediations scripts with the root CA embedded
#                              (base64 and SHA-1 from integration/certs/, the one
#                              committed copy), the discovery script, the rules JSON
#   build/integration/sccm/    the baseline CAB (gcab), the hardware-inventory MOF,
#                              the SQL reports and the WQL collection query
# Included by packaging/packaging.mk; `make integration` builds both.
INTEGRATION_OUT := $(B)/integration
INTUNE_OUT := $(INTEGRATION_OUT)/intune
SCCM_OUT := $(INTEGRATION_OUT)/sccm
ROOT_CA_PEM := integration/certs/microsoft-identity-verification-root-2020.pem
INTUNE_SRCS := $(sort $(wildcard integration/intune/*.ps1 integration/intune/*.json))

$(INTUNE_OUT)/.built: $(INTUNE_SRCS) $(ROOT_CA_PEM) integration/integration.mk
	@rm -rf $(INTUNE_OUT) && mkdir -p $(INTUNE_OUT)
	@set -e; b64=$$(openssl x509 -in $(ROOT_CA_PEM) -outform DER | base64 -w0); \
	sha1=$$(openssl x509 -in $(ROOT_CA_PEM) -noout -fingerprint -sha1 | sed 's/.*=//; s/://g'); \
	for f in $(INTUNE_SRCS); do \
	  sed -e "s|@ROOT_CA_BASE64@|$$b64|" -e "s|@ROOT_CA_SHA1@|$$sha1|" $$f > $(INTUNE_OUT)/$$(basename $$f); \
	done
	@touch $@

# SCCM: the inventory MOF generated from the provider's MOF; the baseline and
# its configuration item as UTF-16 DCM digests in a CAB (gcab), the form the
# console's Import Configuration Data reads; the SQL and WQL as they are.
SCCM_SRCS := integration/sccm/gen-hinv.tcl mof/acsready.mof $(wildcard integration/sccm/baseline/*.xml) \
  integration/sccm/reports.sql $(wildcard integration/sccm/*.wql)
SCCM_DIGESTS := $(INTEGRATION_OUT)/sccm-digests

$(SCCM_OUT)/.built: $(SCCM_SRCS) integration/integration.mk
	@rm -rf $(SCCM_OUT) $(SCCM_DIGESTS) && mkdir -p $(SCCM_OUT) $(SCCM_DIGESTS)
	tclsh integration/sccm/gen-hinv.tcl mof/acsready.mof > $(SCCM_OUT)/AcsReadiness-hinv.mof
	@set -e; for f in integration/sccm/baseline/*.xml; do \
	  { printf '\377\376'; sed '1s/encoding="utf-8"/encoding="utf-16"/' $$f | iconv -f UTF-8 -t UTF-16LE; } \
	    > $(SCCM_DIGESTS)/$$(basename $$f); \
	done
	gcab -c -n -z $(SCCM_OUT)/AcsReadiness-Baseline.cab $(SCCM_DIGESTS)/*.xml
	cp integration/sccm/reports.sql integration/sccm/*.wql $(SCCM_OUT)/
	@touch $@

# The CAB, the digests, the inventory MOF, the SQL and the WQL checked against
# the provider's MOF (tests/packaging/sccm.sh).
.PHONY: test-sccm
test-sccm: $(SCCM_OUT)/.built
	bash tests/packaging/sccm.sh $(TOP)
TEST_TARGETS += test-sccm

.PHONY: integration
integration: $(INTUNE_OUT)/.built $(SCCM_OUT)/.built
MSI_FOLDERS += scripts/AcsReadiness=Modules/AcsReadiness $(INTUNE_OUT)=integration/intune $(SCCM_OUT)=integration/sccm
MSI_FOLDER_DEPS += $(wildcard scripts/AcsReadiness/*) $(INTUNE_OUT)/.built $(SCCM_OUT)/.built
