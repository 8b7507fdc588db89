# Project consistency: the Visual Studio projects compile what the Makefile
# compiles, and the core's property table agrees with the MOF, the docs, the
# PowerShell format file and the command line's JSON. tests/project/run.tcl.
.PHONY: test-project project-noop
test-project: $(B)/linux/acsready | $(DEPS_TOOLS)
	tclsh tests/project/run.tcl

# The goal tests/project/lib.tcl gives `make -rpq` to read the make database
# without building anything.
project-noop:
	@:

TEST_TARGETS += test-project

# Rewrites the source lists of provider/*.vcxproj from the Makefile fragments.
.PHONY: sync-vcxproj
sync-vcxproj:
	tclsh tests/project/sync-vcxproj.tcl
