# The MSIs (wixl) and their signing (osslsigncode).
#   make msi     build/msi/acsready-$(VERSION)-x64.msi and -x86.msi, unsigned
#   make sign    signs the DLLs and acsready.exe, builds the MSIs from the
#                signed files and signs the MSIs: build/signed/. Give the
#                certificate with SIGN_PFX=file.pfx [SIGN_PASS_FILE=file] or
#                SIGN_CERT=chain.pem SIGN_KEY=key.pem [SIGN_PASS_FILE=file];
#                SIGN_TIMESTAMP=URL adds an RFC 3161 timestamp (needs the network).
#   make test-packaging   the MSIs in Wine (tests/packaging/msi.test) and a
#                signing round trip with a throw-away certificate.
MSI_DIR := $(B)/msi
MSI_STAGE := $(B)/stage
WIXL := wixl
MSI_WXS := packaging/acsready.wxs
# Folders shipped beside the provider, as SOURCE=INSTALL/PATH pairs (the
# PowerShell module, SCCM, Intune): integration.mk appends to MSI_FOLDERS and
# MSI_FOLDER_DEPS, before the rules below read them.
MSI_FOLDERS :=
MSI_FOLDER_DEPS :=
include integration/integration.mk
include tests/powershell/powershell.mk
MSI_CORE_FILES := provider/catalog/acsready-catalog.xml mof/acsready.mof mof/acsready-uninstall.mof \
  mof/acsready.ms_409.mfl mof/acsready.ms_404.mfl mof/acsready.ms_411.mfl

$(MSI_STAGE)/wxi/files.wxi: packaging/gen-files.sh $(MSI_FOLDER_DEPS) | $(DEPS)
	bash packaging/gen-files.sh $(MSI_STAGE)/wxi $(MSI_FOLDERS)

# $(1) arch, $(2) folder with acsreadyprov.dll + acsready.exe, $(3) output MSI,
# $(4) version (an older one for the upgrade test).
msi_build = $(WIXL) -a $(1) -D Arch=$(1) -D Version=$(4) -D Bin=$(2) \
  -I $(MSI_STAGE)/wxi -o $(3).tmp $(MSI_WXS) && mv $(3).tmp $(3)

define msi_rules
# The helper that takes our entries out of "Autorecover MOFs" at removal.
$(B)/$(1)/acsready-autorecover.exe: packaging/autorecover.c | $(DEPS)
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS) -DUNICODE -D_UNICODE $$(LDFLAGS_$(1)) -o $$@ $$< -lshell32 -ladvapi32

$(MSI_DIR)/acsready-$(VERSION)-$(1).msi: $(MSI_WXS) $(MSI_STAGE)/wxi/files.wxi $(MSI_CORE_FILES) \
    $(B)/$(1)/acsreadyprov.dll $(B)/$(1)/acsready.exe $(B)/$(1)/acsready-autorecover.exe VERSION
	@mkdir -p $$(@D)
	$$(call msi_build,$(1),$(B)/$(1),$$@,$(VERSION))

# The same package with an older version number: what the upgrade test upgrades from.
$(MSI_DIR)/old/acsready-0.0.1-$(1).msi: $(MSI_DIR)/acsready-$(VERSION)-$(1).msi
	@mkdir -p $$(@D)
	$$(call msi_build,$(1),$(B)/$(1),$$@,0.0.1)
endef
$(foreach h,x64 x86,$(eval $(call msi_rules,$(h))))

MSI_FILES := $(MSI_DIR)/acsready-$(VERSION)-x64.msi $(MSI_DIR)/acsready-$(VERSION)-x86.msi
.PHONY: msi sign test-packaging test-sign
msi: $(MSI_FILES)

# ---------------------------------------------------------------- signing
SIGN_DIR := $(B)/signed
SIGN_PFX ?=
SIGN_CERT ?=
SIGN_KEY ?=
SIGN_PASS_FILE ?=
SIGN_TIMESTAMP ?=
SIGN = bash packaging/sign.sh

sign: $(foreach h,x64 x86,$(B)/$(h)/acsreadyprov.dll $(B)/$(h)/acsready.exe $(B)/$(h)/acsready-autorecover.exe) \
    $(MSI_STAGE)/wxi/files.wxi \
    $(MSI_WXS) $(MSI_CORE_FILES)
	@SIGN_PFX="$(SIGN_PFX)" SIGN_CERT="$(SIGN_CERT)" SIGN_KEY="$(SIGN_KEY)" SIGN_PASS_FILE="$(SIGN_PASS_FILE)" \
	  $(SIGN) --check
	@set -e; export SIGN_PFX="$(SIGN_PFX)" SIGN_CERT="$(SIGN_CERT)" SIGN_KEY="$(SIGN_KEY)" \
	  SIGN_PASS_FILE="$(SIGN_PASS_FILE)" SIGN_TIMESTAMP="$(SIGN_TIMESTAMP)"; \
	for h in x64 x86; do \
	  mkdir -p $(SIGN_DIR)/$$h; \
	  for f in acsreadyprov.dll acsready.exe acsready-autorecover.exe; do $(SIGN) $(B)/$$h/$$f $(SIGN_DIR)/$$h/$$f; done; \
	  $(call msi_build,$$h,$(SIGN_DIR)/$$h,$(SIGN_DIR)/acsready-$(VERSION)-$$h.unsigned.msi,$(VERSION)); \
	  $(SIGN) $(SIGN_DIR)/acsready-$(VERSION)-$$h.unsigned.msi $(SIGN_DIR)/acsready-$(VERSION)-$$h.msi; \
	  rm -f $(SIGN_DIR)/acsready-$(VERSION)-$$h.unsigned.msi; \
	done
	@echo "sign: signed files in $(SIGN_DIR)/"

# A signing round trip with a throw-away root -> leaf (codeSigning) made by
# openssl now: every signed file must verify against that root, and carry it.
# Everything `make sign` needs is built here first, so the recursive make in
# the test only signs (and never races this one over the same files).
test-sign: $(foreach h,x64 x86,$(B)/$(h)/acsreadyprov.dll $(B)/$(h)/acsready.exe $(B)/$(h)/acsready-autorecover.exe) \
    $(MSI_STAGE)/wxi/files.wxi
	bash tests/packaging/sign.sh $(TOP)

# ---------------------------------------------------------------- tests
# The recording mofcomp the Wine test puts in the prefix (Wine's is a stub).
define msi_recorder_rule
$(B)/$(1)/tests/mofcomp.exe: tests/packaging/mofcomp-recorder.c | $(DEPS)
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS) -DUNICODE -D_UNICODE $$(LDFLAGS_$(1)) -o $$@ $$< -lshell32 -ladvapi32
endef
$(foreach h,x64 x86,$(eval $(call msi_recorder_rule,$(h))))

test-packaging: $(MSI_FILES) $(foreach h,x64 x86,$(MSI_DIR)/old/acsready-0.0.1-$(h).msi) \
    $(B)/x64/tests/wmiprvse.exe $(B)/x64/tests/mofcomp.exe
	tclsh tests/packaging/msi.test

TEST_TARGETS += test-packaging test-sign
