# Runs tests/powershell/*.Tests.ps1 with Pester 5 (tests/powershell/run.sh
# installs PowerShell 7 and Pester, then calls this). Exit 1 when a test failed
# or none ran; the last line is "powershell: N passed, N failed, N skipped".
$ErrorActionPreference = 'Stop'
Import-Module Pester -MinimumVersion 5.0
$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration
"powershell: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($result.FailedCount -gt 0 -or $result.PassedCount -eq 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
