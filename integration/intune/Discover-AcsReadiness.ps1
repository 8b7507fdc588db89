<#
    Intune custom compliance: discovery script for Azure Code Signing readiness.

    Returns the settings that AcsReadiness.compliance.json checks, as the compressed
    JSON Intune expects. Never throws: a device without the provider reports
    AcsProviderInstalled = false and fails that rule, with its remediation text.
    Windows PowerShell 5.1. Deployment: docs/deploy-intune.md.
#>

function Get-AcsComplianceSettings {
    $settings = [ordered]@{
        AcsProviderInstalled = $false
        AcsState             = 'ProviderMissing'
        AcsReady             = $false
        AcsRootCaPresent     = $false
        AcsMissingUpdates    = ''
    }
    try {
        $answers = @(Get-CimInstance -Namespace 'root/AcsReadiness' -ClassName 'AcsReadiness' -ErrorAction Stop)
        if ($answers.Count -eq 1) {
            $answer = $answers[0]
            $settings.AcsProviderInstalled = $true
            $settings.AcsState = [string]$answer.State
            $settings.AcsReady = ([string]$answer.State -eq 'Ready')
            $settings.AcsRootCaPresent = ($answer.RootCaPresent -eq $true)
            $settings.AcsMissingUpdates = (@($answer.MissingUpdates | Where-Object { $_ }) -join ' ')
        }
    } catch {
        $settings.AcsState = 'ProviderMissing'
    }
    return $settings
}

$hash = Get-AcsComplianceSettings
return $hash | ConvertTo-Json -Compress
