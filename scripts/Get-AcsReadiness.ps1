<#
.SYNOPSIS
    Reads whether this computer, or others, can load code signed with Azure Code
    Signing (ACS), from the acsready WMI provider (namespace root\AcsReadiness).

.DESCRIPTION
    Queries the AcsReadiness singleton (and, with -Requirements, one
    AcsReadiness_Requirement per requirement) locally or on remote computers
    through CIM sessions (WinRM by default, DCOM with -Protocol Dcom). Writes the
    instances to the pipeline; AcsReadiness.format.ps1xml next to this script is
    loaded so they print like Format-List.

    On Windows PowerShell 2.0 (no CIM cmdlets) it falls back to Get-WmiObject.

    Exit status (only with -ExitCode or -Intune; otherwise the script returns
    normally so it can be dot-sourced or piped):
      -ExitCode : 0 Ready, 1 NotReady, 2 Unsupported, 3 Unknown (the worst state
                  over all computers), 65 the query failed on some computer
                  (provider not installed, access denied, WinRM unreachable).
      -Intune   : 0 when every computer is Ready, 1 otherwise; one line per
                  computer on standard output ("Ready", "NotReady: <reasons>").
                  Use it as the detection script of an Intune remediation.

.PARAMETER ComputerName
    Computers to query. Default: this computer, without WinRM.

.PARAMETER Credential
    Credential for the remote computers.

.PARAMETER Protocol
    Wsman (default) or Dcom, for remote computers.

.PARAMETER Requirements
    Also write the AcsReadiness_Requirement instances.

.EXAMPLE
    .\Get-AcsReadiness.ps1

.EXAMPLE
    .\Get-AcsReadiness.ps1 -ComputerName srv01,srv02 -Requirements |
        Format-Table PSComputerName, State, MissingUpdates

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File Get-AcsReadiness.ps1 -Intune
#>
[CmdletBinding()]
param(
    [string[]]$ComputerName,
    [System.Management.Automation.PSCredential]$Credential,
    [ValidateSet('Wsman', 'Dcom')]
    [string]$Protocol = 'Wsman',
    [switch]$Requirements,
    [switch]$ExitCode,
    [switch]$Intune
)

Set-StrictMode -Version 2.0
$namespace = 'root/AcsReadiness'
# The order of these states is the order of their exit codes.
$stateCodes = @{ 'Ready' = 0; 'NotReady' = 1; 'Unsupported' = 2; 'Unknown' = 3 }
$queryFailed = 65

# $PSScriptRoot is not set for scripts on PowerShell 2.0.
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$formatFile = Join-Path $here 'AcsReadiness.format.ps1xml'
if (Test-Path $formatFile) {
    try { Update-FormatData -PrependPath $formatFile -ErrorAction Stop }
    catch { Write-Verbose "Format file not loaded: $_" }
}

$haveCim = $null -ne (Get-Command Get-CimInstance -ErrorAction SilentlyContinue)

function Get-AcsInstances {
    param([string]$Computer, [string]$ClassName)
    if ($haveCim) {
        $arguments = @{ Namespace = $namespace; ClassName = $ClassName; ErrorAction = 'Stop' }
        if ($Computer) {
            $options = New-CimSessionOption -Protocol $Protocol
            $sessionArgs = @{ ComputerName = $Computer; SessionOption = $options; ErrorAction = 'Stop' }
            if ($Credential) { $sessionArgs.Credential = $Credential }
            $session = New-CimSession @sessionArgs
            try { Get-CimInstance @arguments -CimSession $session }
            finally { Remove-CimSession -CimSession $session }
        } else {
            Get-CimInstance @arguments
        }
    } else {
        $arguments = @{ Namespace = 'root\AcsReadiness'; Class = $ClassName; ErrorAction = 'Stop' }
        if ($Computer) { $arguments.ComputerName = $Computer }
        if ($Computer -and $Credential) { $arguments.Credential = $Credential }
        Get-WmiObject @arguments
    }
}

$targets = @($ComputerName)
if ($targets.Count -eq 0 -or ($targets.Count -eq 1 -and -not $targets[0])) { $targets = @('') }

$worst = 0
$lines = @()
foreach ($computer in $targets) {
    $label = $computer
    if (-not $label) { $label = $env:COMPUTERNAME }
    try {
        $readiness = @(Get-AcsInstances -Computer $computer -ClassName 'AcsReadiness')
        if ($readiness.Count -ne 1) { throw "AcsReadiness returned $($readiness.Count) instances, expected 1" }
        # Intune keeps a detection script's standard output as its result: one line, no objects.
        if (-not $Intune) {
            $readiness[0]
            if ($Requirements) { Get-AcsInstances -Computer $computer -ClassName 'AcsReadiness_Requirement' }
        }

        $state = [string]$readiness[0].State
        $code = $stateCodes[$state]
        if ($null -eq $code) { $code = $stateCodes['Unknown'] }
        if ($code -gt $worst -and $worst -ne $queryFailed) { $worst = $code }
        $line = "${label}: $state"
        if ($state -ne 'Ready' -and $readiness[0].Reasons) { $line += ': ' + ($readiness[0].Reasons -join ' ') }
        $lines += $line
    } catch {
        Write-Error "${label}: the AcsReadiness query failed: $($_.Exception.Message)"
        $worst = $queryFailed
        $lines += "${label}: QueryFailed: $($_.Exception.Message)"
    }
}

if ($Intune) {
    $lines | ForEach-Object { Write-Output $_ }
    if ($worst -eq 0) { exit 0 } else { exit 1 }
}
if ($ExitCode) { exit $worst }
