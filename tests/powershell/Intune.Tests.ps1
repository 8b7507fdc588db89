# The Intune scripts as built (build/integration/intune: the root embedded):
# detection and remediation exit codes and their one line, the discovery
# script's compressed JSON, and the rules JSON against Intune's documented
# limits and required fields.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Detect = Join-Path $IntuneBuilt 'Detect-AcsReadiness.ps1'
    $script:Remediate = Join-Path $IntuneBuilt 'Remediate-AcsReadiness.ps1'
    $script:Discover = Join-Path $IntuneBuilt 'Discover-AcsReadiness.ps1'
    $script:Rules = Join-Path $IntuneBuilt 'AcsReadiness.compliance.json'

    function script:New-Answer {
        param([string]$State = 'NotReady', [object[]]$Missing = @(), $Root = $true, [object[]]$Reasons = @())
        [pscustomobject]@{ State = $State; Caption = 'Microsoft Windows 10 Enterprise'; Version = '10.0.19045.3803'
            MissingUpdates = $Missing; RootCaPresent = $Root; Reasons = $Reasons }
    }
}

Describe 'the detection script' {
    BeforeAll { . $Detect }
    It 'exits 0 with one line when the device is Ready' {
        Mock Get-CimInstance { New-Answer -State Ready }
        $result = Invoke-AcsDetection
        $result.ExitCode | Should -Be 0
        $result.Line | Should -Match '^Ready: '
    }
    It 'exits 1 when the state is <State>' -TestCases @(@{ State = 'NotReady' }, @{ State = 'Unsupported' }, @{ State = 'Unknown' }) {
        Mock Get-CimInstance { New-Answer -State $State -Missing @('KB5005625') }
        $result = Invoke-AcsDetection
        $result.ExitCode | Should -Be 1
        $result.Line | Should -Match "^${State}: .*install KB5005625"
    }
    It 'exits 1 and says what to install when the provider is missing' {
        Mock Get-CimInstance { throw 'Invalid namespace' }
        $result = Invoke-AcsDetection
        $result.ExitCode | Should -Be 1
        $result.Line | Should -Match '^ProviderMissing: .*install the acsready MSI'
    }
    It 'keeps its line under 2,048 characters and on one line, whatever the reasons' {
        $long = @(1..40 | ForEach-Object { "reason $_ " + ('x' * 100) + "`r`nsecond line" })
        Mock Get-CimInstance { New-Answer -Reasons $long }
        $result = Invoke-AcsDetection
        $result.Line.Length | Should -BeLessThan 2048
        $result.Line | Should -Not -Match "[`r`n]"
    }
    It 'run as Intune runs it: one line on stdout, nothing on stderr, exit 1 when not Ready' {
        $stub = Join-Path $TestDrive 'stub.ps1'
        Set-Content $stub -Value @"
function Get-CimInstance { [CmdletBinding()] param(`$Namespace, `$ClassName)
    [pscustomobject]@{ State = 'NotReady'; Caption = 'W'; Version = '10.0.17763.2114'; MissingUpdates = @('KB5005625'); RootCaPresent = `$true; Reasons = @('UBR 2114 < 2210') } }
& '$Detect'
exit `$LASTEXITCODE
"@
        $out = Join-Path $TestDrive 'out.txt'; $err = Join-Path $TestDrive 'err.txt'
        # The pwsh that runs these tests (run.sh names it; the dotnet tool's host
        # process is dotnet, not pwsh).
        $shell = if ($env:ACSREADY_PWSH) { $env:ACSREADY_PWSH } else { 'pwsh' }
        $process = Start-Process -FilePath $shell -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $stub) `
            -RedirectStandardOutput $out -RedirectStandardError $err -Wait -PassThru
        $process.ExitCode | Should -Be 1
        @(Get-Content $out | Where-Object { $_ }).Count | Should -Be 1 -Because (Get-Content $out -Raw)
        (Get-Content $out -Raw) | Should -Match '^NotReady: .*KB5005625'
        (Get-Item $err).Length | Should -Be 0
    }
}

Describe 'the remediation script' {
    BeforeAll { . $Remediate }
    It 'embeds the root certificate of the catalog (decoded, its SHA-1 is the catalog''s)' {
        $RootCertificateBase64 | Should -Not -Match '@ROOT_CA'
        $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2(, [Convert]::FromBase64String($RootCertificateBase64))
        $certificate.Subject | Should -Match 'CN=Microsoft Identity Verification Root Certificate Authority 2020'
        $certificate.Thumbprint | Should -Be $RootThumbprint
        $catalog = [xml](Get-Content (Join-Path $Top 'provider/catalog/acsready-catalog.xml') -Raw)
        $catalog.catalog.root.sha1 | Should -Be $RootThumbprint
    }
    It 'exits 0 and changes nothing when the device is Ready' {
        Mock Get-CimInstance { New-Answer -State Ready }
        Mock Add-AcsRootCertificate { 'X' }
        (Invoke-AcsRemediation).ExitCode | Should -Be 0
        Should -Invoke Add-AcsRootCertificate -Times 0
    }
    It 'imports the root when it is the only gap, and exits 0 once Ready' {
        $script:calls = 0
        Mock Get-CimInstance { $script:calls++; if ($script:calls -eq 1) { New-Answer -Root $false } else { New-Answer -State Ready } }
        Mock Add-AcsRootCertificate { $RootThumbprint }
        $result = Invoke-AcsRemediation
        $result.ExitCode | Should -Be 0
        $result.Line | Should -Match "^Remediated: imported root $RootThumbprint"
        Should -Invoke Add-AcsRootCertificate -Times 1 -Exactly
    }
    It 'says what to install, and exits 1, when updates are missing' {
        Mock Get-CimInstance { New-Answer -Missing @('KB5005625') -Root $false }
        Mock Add-AcsRootCertificate { 'X' }
        $result = Invoke-AcsRemediation
        $result.ExitCode | Should -Be 1
        $result.Line | Should -Match 'install KB5005625 .*root certificate is missing too'
        Should -Invoke Add-AcsRootCertificate -Times 0
    }
    It 'exits 1 with the reason when the import fails' {
        Mock Get-CimInstance { New-Answer -Root $false }
        Mock Add-AcsRootCertificate { throw 'Access is denied' }
        $result = Invoke-AcsRemediation
        $result.ExitCode | Should -Be 1
        $result.Line | Should -Be 'RootImportFailed: Access is denied'
    }
    It 'refuses an embedded certificate whose SHA-1 is not the expected one' {
        # PowerShell scopes dynamically: the function sees this local first.
        $RootThumbprint = '0000000000000000000000000000000000000000'
        { Add-AcsRootCertificate } | Should -Throw '*expected 0000000000000000000000000000000000000000*'
    }
}

Describe 'the custom compliance discovery script' {
    It 'returns compressed JSON with the settings of a Ready device' {
        Mock Get-CimInstance { New-Answer -State Ready }
        $json = & $Discover
        $json | Should -BeOfType [string]
        $json | Should -Not -Match "`n"
        $json | Should -Be '{"AcsProviderInstalled":true,"AcsState":"Ready","AcsReady":true,"AcsRootCaPresent":true,"AcsMissingUpdates":""}'
    }
    It 'never throws: a device without the provider reports it' {
        Mock Get-CimInstance { throw 'Invalid namespace' }
        $settings = (& $Discover) | ConvertFrom-Json
        $settings.AcsProviderInstalled | Should -BeFalse
        $settings.AcsReady | Should -BeFalse
        $settings.AcsState | Should -Be 'ProviderMissing'
    }
}

Describe 'the compliance rules JSON' {
    BeforeAll {
        $script:Json = Get-Content $Rules -Raw
        $script:Parsed = $Json | ConvertFrom-Json
        Mock Get-CimInstance { New-Answer -State Ready }
        $script:Settings = (& $Discover) | ConvertFrom-Json
    }
    It 'is at most 100 KB with at most 100 rules' {
        (Get-Item $Rules).Length | Should -BeLessOrEqual 102400
        @($Parsed.Rules).Count | Should -BeGreaterThan 0
        @($Parsed.Rules).Count | Should -BeLessOrEqual 100
    }
    It 'rule <SettingName> has every required field with an allowed value' -TestCases @(
        (Get-Content (Join-Path $env:ACSREADY_TOP 'integration/intune/AcsReadiness.compliance.json') -Raw | ConvertFrom-Json).Rules |
            ForEach-Object { @{ SettingName = $_.SettingName; Rule = $_ } }) {
        foreach ($field in 'SettingName', 'Operator', 'DataType', 'Operand', 'MoreInfoUrl', 'RemediationStrings') {
            $Rule.PSObject.Properties.Name | Should -Contain $field
        }
        $Rule.Operator | Should -BeIn @('IsEquals', 'NotEquals', 'GreaterThan', 'GreaterEquals', 'LessThan', 'LessEquals')
        $Rule.DataType | Should -BeIn @('Boolean', 'Int64', 'Double', 'String', 'DateTime', 'Version')
        $Rule.MoreInfoUrl | Should -Match '^https://'
        $languages = @($Rule.RemediationStrings | ForEach-Object { $_.Language })
        $languages | Should -Contain 'en_US'
        foreach ($language in $languages) { $language | Should -BeIn @('en_US', 'zh_TW', 'ja_JP') }
        @($languages | Sort-Object) | Should -Be @('en_US', 'ja_JP', 'zh_TW')
        foreach ($text in $Rule.RemediationStrings) {
            $text.Title | Should -Not -BeNullOrEmpty
            $text.Description | Should -Not -BeNullOrEmpty
        }
    }
    It 'checks only settings the discovery script returns, with the same type' {
        foreach ($rule in $Parsed.Rules) {
            $Settings.PSObject.Properties.Name | Should -Contain $rule.SettingName
            if ($rule.DataType -eq 'Boolean') {
                $Settings.($rule.SettingName) | Should -BeOfType [bool]
                $rule.Operand | Should -BeOfType [bool]
            }
        }
    }
}
