# The PowerShell module, the stand-alone script and the Intune scripts under
# PowerShell 7 + Pester (tests/powershell/run.sh installs both under
# build/tools, or says loudly that it skipped them without a .NET SDK).
# The audit tests run the Linux acsready on the facts they mock.
.PHONY: test-powershell
test-powershell: $(B)/linux/acsready $(INTUNE_OUT)/.built
	bash tests/powershell/run.sh $(TOP)
TEST_TARGETS += test-powershell
