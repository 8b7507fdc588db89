<#
    Intune Remediations: remediation script for Azure Code Signing readiness.

    When the only gap is the root certificate "Microsoft Identity Verification Root
    Certificate Authority 2020", imports it into LocalMachine\Root from the copy
    embedded below (a remediation script travels alone: no file share, no download)
    and exits 0. Anything else it cannot fix: it says what to install in one line
    and exits 1 (missing updates come through Windows Update / WSUS / ConfigMgr,
    not from a script).

    One line of output (< 2,048 characters), nothing on the error stream, Windows
    PowerShell 5.1. Run as SYSTEM: importing into LocalMachine\Root needs it.
    Deployment: docs/deploy-intune.md.

    The certificate is public (Microsoft PKI repository,
    https://www.microsoft.com/pkiops/docs/repository.htm); the build embeds it from
    integration/certs/, and the script checks its SHA-1 before importing it.
#>

$RootCertificateBase64 = '@ROOT_CA_BASE64@'
$RootThumbprint = '@ROOT_CA_SHA1@'

function Format-AcsLine {
    param([string]$Text)
    $line = ($Text -replace '[\r\n\t]+', ' ').Trim()
    if ($line.Length -gt 2000) { $line = $line.Substring(0, 1997) + '...' }
    return $line
}

function Get-AcsAnswer {
    $answers = @(Get-CimInstance -Namespace 'root/AcsReadiness' -ClassName 'AcsReadiness' -ErrorAction Stop)
    if ($answers.Count -ne 1) { throw "root\AcsReadiness returned $($answers.Count) AcsReadiness instances, expected 1" }
    return $answers[0]
}

function Test-AcsOnlyRootMissing {
    # The root is the whole gap: it is absent, and no update is missing.
    param($Answer)
    return ($Answer.RootCaPresent -eq $false) -and (@($Answer.MissingUpdates | Where-Object { $_ }).Count -eq 0) -and
        ([string]$Answer.State -eq 'NotReady')
}

function Add-AcsRootCertificate {
    # Imports the embedded root into LocalMachine\Root; returns its thumbprint.
    $bytes = [Convert]::FromBase64String($RootCertificateBase64)
    $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2(, $bytes)
    if ($certificate.Thumbprint -ne $RootThumbprint) {
        throw "the embedded certificate has SHA-1 $($certificate.Thumbprint), expected $RootThumbprint"
    }
    $store = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', 'LocalMachine')
    $store.Open('ReadWrite')
    try { $store.Add($certificate) } finally { $store.Close() }
    return $certificate.Thumbprint
}

function Get-AcsInstallAdvice {
    param($Answer)
    $text = "$([string]$Answer.State): $($Answer.Caption) $($Answer.Version)"
    $missing = @($Answer.MissingUpdates | Where-Object { $_ })
    if ($missing.Count -gt 0) { $text += '; install ' + ($missing -join ' ') + ' (or any later cumulative update)' }
    if ($Answer.RootCaPresent -eq $false) { $text += '; the root certificate is missing too (this script imports it once the updates are in)' }
    $reasons = @($Answer.Reasons | Where-Object { $_ })
    if ($reasons.Count -gt 0) { $text += '; ' + ($reasons -join ' | ') }
    return $text
}

function Invoke-AcsRemediation {
    # Returns @{ ExitCode; Line }; never throws.
    try {
        $answer = Get-AcsAnswer
    } catch {
        return @{ ExitCode = 1; Line = (Format-AcsLine ("ProviderMissing: the acsready provider did not answer ($($_.Exception.Message)); " +
            'install the acsready MSI first')) }
    }
    if ([string]$answer.State -eq 'Ready') { return @{ ExitCode = 0; Line = 'Ready: nothing to do' } }
    if (-not (Test-AcsOnlyRootMissing $answer)) {
        return @{ ExitCode = 1; Line = (Format-AcsLine (Get-AcsInstallAdvice $answer)) }
    }
    try {
        $thumbprint = Add-AcsRootCertificate
    } catch {
        return @{ ExitCode = 1; Line = (Format-AcsLine "RootImportFailed: $($_.Exception.Message)") }
    }
    try {
        $after = Get-AcsAnswer
        $state = [string]$after.State
    } catch {
        $state = 'Unknown'
    }
    if ($state -eq 'Ready') {
        return @{ ExitCode = 0; Line = "Remediated: imported root $thumbprint into LocalMachine\Root; now Ready" }
    }
    return @{ ExitCode = 1; Line = (Format-AcsLine "Imported root $thumbprint into LocalMachine\Root, but the state is still ${state}") }
}

if ($MyInvocation.InvocationName -ne '.') {
    $result = Invoke-AcsRemediation
    Write-Output $result.Line
    exit $result.ExitCode
}
