<#
    Intune Remediations: detection script for Azure Code Signing readiness.

    Asks the acsready WMI provider (root\AcsReadiness, installed by the acsready MSI)
    whether this device can load code signed with Azure Code Signing.
      exit 0  Ready
      exit 1  anything else: NotReady, Unsupported, Unknown, or the provider is
              not installed (the remediation script then runs)
    Writes exactly one line (Intune keeps only the last line, at most 2,048
    characters) and nothing to the error stream (Intune counts that as a script
    failure). Runs on Windows PowerShell 5.1; 32- or 64-bit both work, because WMI
    hosts the provider in its own 64-bit process.

    Deployment: docs/deploy-intune.md. Settings: run as SYSTEM (the default), not
    with the logged-on credentials; enforce signature check as your policy says.
#>

function Format-AcsLine {
    # One line, no control characters, under Intune's 2,048-character limit.
    param([string]$Text)
    $line = ($Text -replace '[\r\n\t]+', ' ').Trim()
    if ($line.Length -gt 2000) { $line = $line.Substring(0, 1997) + '...' }
    return $line
}

function Invoke-AcsDetection {
    # Returns @{ ExitCode; Line }; never throws.
    try {
        $answers = @(Get-CimInstance -Namespace 'root/AcsReadiness' -ClassName 'AcsReadiness' -ErrorAction Stop)
    } catch {
        return @{ ExitCode = 1; Line = (Format-AcsLine ("ProviderMissing: the acsready provider did not answer ($($_.Exception.Message)); " +
            'install the acsready MSI (msiexec /i acsready-<version>-x64.msi /qn)')) }
    }
    if ($answers.Count -ne 1) {
        return @{ ExitCode = 1; Line = "Unknown: root\AcsReadiness returned $($answers.Count) AcsReadiness instances, expected 1" }
    }
    $answer = $answers[0]
    $state = [string]$answer.State
    if ($state -eq 'Ready') {
        return @{ ExitCode = 0; Line = (Format-AcsLine "Ready: $($answer.Caption) $($answer.Version)") }
    }
    if (-not $state) { $state = 'Unknown' }
    $text = "${state}: $($answer.Caption) $($answer.Version)"
    $missing = @($answer.MissingUpdates | Where-Object { $_ })
    if ($missing.Count -gt 0) { $text += '; install ' + ($missing -join ' ') }
    if ($answer.RootCaPresent -eq $false) { $text += '; root certificate missing' }
    $reasons = @($answer.Reasons | Where-Object { $_ })
    if ($reasons.Count -gt 0) { $text += '; ' + ($reasons -join ' | ') }
    return @{ ExitCode = 1; Line = (Format-AcsLine $text) }
}

# Dot-sourced (the tests), only the functions are defined.
if ($MyInvocation.InvocationName -ne '.') {
    $result = Invoke-AcsDetection
    Write-Output $result.Line
    exit $result.ExitCode
}
