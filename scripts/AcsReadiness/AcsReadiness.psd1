# Module manifest of AcsReadiness: reads the acsready WMI provider
# (root\AcsReadiness) and audits many computers. ModuleVersion follows the
# repository's VERSION file (tests/powershell checks it).
@{
    RootModule           = 'AcsReadiness.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'eaea231b-5fd1-4a6a-8607-52f2eecdc9c0'
    Author               = 'acsready'
    CompanyName          = 'acsready'
    Copyright            = 'acsready contributors'
    Description          = 'Whether Windows computers can load code signed with Azure Code Signing (ACS): the acsready WMI provider as cmdlets, and an audit of many computers to CSV and HTML.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    NestedModules        = @('AcsReadiness.cdxml', 'AcsReadinessRequirement.cdxml', 'AcsReadinessModule.cdxml')
    FormatsToProcess     = @('AcsReadiness.format.ps1xml')
    TypesToProcess       = @('AcsReadiness.types.ps1xml')
    FunctionsToExport    = @('Get-AcsReadiness', 'Get-AcsReadinessRequirement', 'Get-AcsReadinessModule', 'Invoke-AcsReadinessAudit')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('AzureCodeSigning', 'TrustedSigning', 'WMI', 'CIM', 'Readiness', 'Intune', 'ConfigMgr')
        }
    }
}
