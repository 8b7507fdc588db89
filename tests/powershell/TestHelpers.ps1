# Shared by the Pester files: paths, the MOF's classes, and stand-ins for the
# CIM cmdlets (PowerShell on Linux has no CimCmdlets; Pester can only mock a
# command that exists, so these exist and every test mocks them).
$script:Top = if ($env:ACSREADY_TOP) { $env:ACSREADY_TOP } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }
$script:ModuleDir = Join-Path $Top 'scripts/AcsReadiness'
$script:IntuneBuilt = Join-Path $Top 'build/integration/intune'
$script:RootThumbprint = 'F40042E2E5F7E8EF8189FED15519AECE42C3BFA2'

function Get-MofClasses {
    # class name -> list of property names, from mof/acsready.mof (the generated MOF).
    $text = [IO.File]::ReadAllText((Join-Path $script:Top 'mof/acsready.mof'))
    $classes = @{}
    foreach ($match in [regex]::Matches($text, '(?ms)^class\s+(\w+)\s*\{(.*?)^\};')) {
        $names = New-Object System.Collections.Generic.List[string]
        foreach ($property in [regex]::Matches($match.Groups[2].Value, '(?m)\]\s*\w+\s+(\w+)(\[\])?\s*;')) {
            $names.Add($property.Groups[1].Value)
        }
        $classes[$match.Groups[1].Value] = $names
    }
    return $classes
}

foreach ($stand in @(
        'function global:New-CimSessionOption { [CmdletBinding()] param($Protocol) }',
        'function global:New-CimSession { [CmdletBinding()] param($ComputerName, $SessionOption, $Credential, $OperationTimeoutSec) }',
        'function global:Remove-CimSession { [CmdletBinding()] param($CimSession) }',
        'function global:Get-CimInstance { [CmdletBinding()] param($CimSession, $Namespace, $ClassName, $Property, $ThrottleLimit, $OperationTimeoutSec, $Filter) }',
        'function global:Invoke-CimMethod { [CmdletBinding()] param($CimSession, $Namespace, $ClassName, $MethodName, $Arguments, $OperationTimeoutSec) }')) {
    $name = ($stand -split '\s+')[1] -replace '^global:', ''
    if (-not (Get-Command $name -ErrorAction SilentlyContinue)) { Invoke-Expression $stand }
}
