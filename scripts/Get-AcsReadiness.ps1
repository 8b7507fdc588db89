<#
.SYNOPSIS
    Reads whether this computer, or others, can load code signed with Azure Code
    Signing (ACS), from the acsready WMI provider (namespace root\AcsReadiness).

.DESCRIPTION
    Queries the AcsReadiness singleton (and, with -Requirements, one
    AcsReadiness_Requirement per requirement) locally or on remote computers
    through CIM sessions (WinRM by default, DCOM with -Protocol Dcom). Writes the
    instances to the pipeline; AcsReadiness\AcsReadiness.format.ps1xml next to this script is
    loaded so they print like Format-List. One CIM session per computer serves
    every class asked; a computer that fails does not stop the others (its error
    is written after all were asked); datetimes are DateTime on the CIM and the
    WMI path alike.

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

function ConvertFrom-AcsDmtfDateTime {
    # Get-WmiObject returns CIM datetimes as DMTF strings (yyyymmddHHMMSS.mmmmmmsUUU);
    # Get-CimInstance returns DateTime. Both paths give DateTime.
    param([AllowNull()][object]$Value)
    if ($null -eq $Value -or $Value -is [DateTime]) { return $Value }
    $text = [string]$Value
    if ($text -notmatch '^\d{14}\.\d{6}[+-]\d{3}$') { return $Value }
    $local = [DateTime]::ParseExact($text.Substring(0, 14), 'yyyyMMddHHmmss', [Globalization.CultureInfo]::InvariantCulture)
    $offset = [int]$text.Substring(22)
    if ($text[21] -eq '-') { $offset = -$offset }
    return [DateTime]::SpecifyKind($local.AddMinutes(-$offset), [DateTimeKind]::Utc)
}

function ConvertFrom-AcsWmiObject {
    # A Get-WmiObject result as an object with the same type name (so the format
    # file applies) whose datetime properties are DateTime.
    param($WmiObject, [string]$ClassName)
    # New-Object + Add-Member, not [pscustomobject]: this path is the one that
    # runs on Windows PowerShell 2.0.
    $object = New-Object PSObject
    foreach ($property in $WmiObject.Properties) {
        $value = $property.Value
        if ($property.Type -eq 'DateTime') { $value = ConvertFrom-AcsDmtfDateTime $value }
        $object | Add-Member -MemberType NoteProperty -Name $property.Name -Value $value
    }
    $object | Add-Member -MemberType NoteProperty -Name PSComputerName -Value $WmiObject.__SERVER
    $object.PSObject.TypeNames.Insert(0, "System.Management.ManagementObject#root\AcsReadiness\$ClassName")
    return $object
}

function Open-AcsConnection {
    # One connection per computer, reused for every class asked: a CIM session
    # (or, without CIM cmdlets, the computer name for Get-WmiObject).
    param([string]$Computer)
    if (-not $script:haveCim -or -not $Computer) { return New-Object PSObject -Property @{ Computer = $Computer; Session = $null } }
    $sessionArgs = @{ ComputerName = $Computer; SessionOption = (New-CimSessionOption -Protocol $Protocol); ErrorAction = 'Stop' }
    if ($Credential) { $sessionArgs.Credential = $Credential }
    return New-Object PSObject -Property @{ Computer = $Computer; Session = (New-CimSession @sessionArgs) }
}

function Close-AcsConnection {
    param($Connection)
    if ($Connection -and $Connection.Session) { Remove-CimSession -CimSession $Connection.Session -ErrorAction SilentlyContinue }
}

function Get-AcsInstances {
    param($Connection, [string]$ClassName)
    if ($script:haveCim) {
        $arguments = @{ Namespace = $namespace; ClassName = $ClassName; ErrorAction = 'Stop' }
        if ($Connection.Session) { $arguments.CimSession = $Connection.Session }
        Get-CimInstance @arguments
    } else {
        $arguments = @{ Namespace = 'root\AcsReadiness'; Class = $ClassName; ErrorAction = 'Stop' }
        if ($Connection.Computer) { $arguments.ComputerName = $Connection.Computer }
        if ($Connection.Computer -and $Credential) { $arguments.Credential = $Credential }
        Get-WmiObject @arguments | ForEach-Object { ConvertFrom-AcsWmiObject $_ $ClassName }
    }
}

function Invoke-AcsQuery {
    # Every computer is asked, whatever happens to another: a failure becomes a
    # line and an error record written after the loop, never a stop inside it.
    param([string[]]$Targets)
    $worst = 0
    $lines = @()
    $failures = @()
    foreach ($computer in $Targets) {
        $label = $computer
        if (-not $label) { $label = $env:COMPUTERNAME }
        $connection = $null
        try {
            $connection = Open-AcsConnection -Computer $computer
            $readiness = @(Get-AcsInstances -Connection $connection -ClassName 'AcsReadiness')
            if ($readiness.Count -ne 1) { throw "AcsReadiness returned $($readiness.Count) instances, expected 1" }
            # Intune keeps a detection script's standard output as its result: one line, no objects.
            if (-not $Intune) {
                $readiness[0]
                if ($Requirements) { Get-AcsInstances -Connection $connection -ClassName 'AcsReadiness_Requirement' }
            }
            $state = [string]$readiness[0].State
            $code = $stateCodes[$state]
            if ($null -eq $code) { $code = $stateCodes['Unknown'] }
            if ($code -gt $worst -and $worst -ne $queryFailed) { $worst = $code }
            $line = "${label}: $state"
            if ($state -ne 'Ready' -and $readiness[0].Reasons) { $line += ': ' + ($readiness[0].Reasons -join ' ') }
            $lines += $line
        } catch {
            $worst = $queryFailed
            $lines += "${label}: QueryFailed: $($_.Exception.Message)"
            $failures += "${label}: the AcsReadiness query failed: $($_.Exception.Message)"
        } finally {
            Close-AcsConnection $connection
        }
    }
    $script:worst = $worst
    $script:lines = $lines
    $script:failures = $failures
}

# Dot-sourced (the tests), only the functions are defined.
if ($MyInvocation.InvocationName -eq '.') { return }

# $PSScriptRoot is not set for scripts on PowerShell 2.0.
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$formatFile = Join-Path (Join-Path $here 'AcsReadiness') 'AcsReadiness.format.ps1xml'
if (Test-Path $formatFile) {
    try { Update-FormatData -PrependPath $formatFile -ErrorAction Stop }
    catch { Write-Verbose "Format file not loaded: $_" }
}

$script:haveCim = $null -ne (Get-Command Get-CimInstance -ErrorAction SilentlyContinue)
$targets = @($ComputerName)
if ($targets.Count -eq 0 -or ($targets.Count -eq 1 -and -not $targets[0])) { $targets = @('') }

Invoke-AcsQuery -Targets $targets

if ($Intune) {
    $lines | ForEach-Object { Write-Output $_ }
    if ($worst -eq 0) { exit 0 } else { exit 1 }
}
# Errors after the loop, so even -ErrorAction Stop cannot cut the list short.
foreach ($failure in $failures) { Write-Error $failure }
if ($ExitCode) { exit $worst }
