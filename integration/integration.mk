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

.PHONY: integration
integration: $(INTUNE_OUT)/.built
MSI_FOLDERS += scripts/AcsReadiness=Modules/AcsReadiness $(INTUNE_OUT)=integration/intune
MSI_FOLDER_DEPS += $(wildcard scripts/AcsReadiness/*) $(INTUNE_OUT)/.built
