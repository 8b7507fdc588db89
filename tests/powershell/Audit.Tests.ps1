# Invoke-AcsReadinessAudit with the CIM cmdlets mocked: three computers, one
# with the provider (WSMan), one without it (WSMan refused, DCOM works: facts
# read through StdRegProv, evaluated by the real acsready command line), one
# unreachable. Checks the rows, the CSV, the HTML, one session per computer,
# and that nothing reaches the error stream.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module (Join-Path $ModuleDir 'AcsReadiness.psd1') -Force -ErrorAction Stop

    # acsready beside its catalog, as the MSI installs them (the Linux build
    # stands in for acsready.exe: same rules, same inventory columns).
    $script:Bin = Join-Path $TestDrive 'acsready'
    $null = New-Item -ItemType Directory -Path $Bin
    Copy-Item (Join-Path $Top 'build/linux/acsready') (Join-Path $Bin 'acsready')
    Copy-Item (Join-Path $Top 'provider/catalog/acsready-catalog.xml') $Bin
    $script:Acsready = Join-Path $Bin 'acsready'

    $script:Packages = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages'
    $script:SyncBytes = [BitConverter]::GetBytes([DateTime]::new(2026, 11, 30, 0, 0, 0, [DateTimeKind]::Utc).ToFileTimeUtc())

    function script:Invoke-Audit {
        param([string[]]$Names, [string]$Out)
        Mock -ModuleName AcsReadiness New-CimSessionOption { [pscustomobject]@{ Protocol = $Protocol } }
        Mock -ModuleName AcsReadiness New-CimSession {
            if ($ComputerName -eq 'down' -or ($ComputerName -eq 'noprov' -and $SessionOption.Protocol -eq 'Wsman')) {
                throw "The WinRM client cannot process the request ($ComputerName)"
            }
            [pscustomobject]@{ ComputerName = $ComputerName; Protocol = $SessionOption.Protocol }
        }
        Mock -ModuleName AcsReadiness Remove-CimSession { }
        Mock -ModuleName AcsReadiness Get-CimInstance {
            if ($ClassName -eq 'Win32_OperatingSystem') {
                return [pscustomobject]@{ Version = '10.0.17763'; BuildNumber = '17763'; ProductType = 3; Caption = 'Microsoft Windows Server 2019 Standard' }
            }
            foreach ($session in @($CimSession)) {
                if ($session.ComputerName -eq 'prov1') {
                    [pscustomobject]@{ PSComputerName = 'prov1'; State = 'Ready'; Ready = $true; Caption = 'Microsoft Windows Server 2022 Standard'
                        Version = '10.0.20348.2527'; MissingUpdates = @(); RootCaPresent = $true; RootCaStore = 'AuthRoot'; Reasons = @()
                        EvaluatedAt = [DateTime]::new(2026, 12, 1, 10, 0, 0, [DateTimeKind]::Utc); ProviderVersion = '0.1.0' }
                } else {
                    # As the real cmdlet does: a non-terminating error that honours -ErrorAction.
                    $action = 'Continue'
                    if ($PesterBoundParameters.ContainsKey('ErrorAction')) { $action = $PesterBoundParameters['ErrorAction'] }
                    Write-Error "Invalid namespace (root/AcsReadiness on $($session.ComputerName))" -ErrorAction $action
                }
            }
        }
        Mock -ModuleName AcsReadiness Invoke-CimMethod {
            $key = $Arguments.sSubKeyName
            switch ($MethodName) {
                'GetDWORDValue' {
                    if ($Arguments.sValueName -eq 'UBR') { return [pscustomobject]@{ ReturnValue = 0; uValue = 2114 } }
                    if ($Arguments.sValueName -eq 'CurrentState') { return [pscustomobject]@{ ReturnValue = 0; uValue = 112 } }
                    return [pscustomobject]@{ ReturnValue = 2; uValue = $null }
                }
                'EnumKey' {
                    if ($key -eq $script:Packages) {
                        return [pscustomobject]@{ ReturnValue = 0; sNames = @(
                            'Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2114.1.7',
                            'Package_for_KB5005112~31bf3856ad364e35~amd64~~17763.2090.1.0',
                            'Microsoft-Windows-Foundation-Package~31bf3856ad364e35~amd64~~10.0.17763.1') }
                    }
                    if ($key -like '*AuthRoot\Certificates') { return [pscustomobject]@{ ReturnValue = 0; sNames = @($script:RootThumbprint) } }
                    return [pscustomobject]@{ ReturnValue = 2; sNames = $null }
                }
                'GetBinaryValue' { return [pscustomobject]@{ ReturnValue = 0; uValue = $script:SyncBytes } }
            }
        }
        # 2>&1: anything on the error stream would come back as an ErrorRecord.
        $output = @(Invoke-AcsReadinessAudit -ComputerName $Names -ThrottleLimit 7 -OutputPath $Out -AcsreadyPath $Acsready 2>&1)
        return [pscustomobject]@{
            Rows   = @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
    }
}

AfterAll { Remove-Module AcsReadiness -ErrorAction SilentlyContinue }

Describe 'Invoke-AcsReadinessAudit' {
    BeforeAll {
        $script:Out = Join-Path $TestDrive 'audit'
        $script:Result = Invoke-Audit -Names @('prov1', 'noprov', 'down') -Out $Out
        $script:ByName = @{}
        foreach ($row in $Result.Rows) { $ByName[$row.ComputerName] = $row }
    }
    It 'returns one row per computer and writes nothing to the error stream' {
        $Result.Errors.Count | Should -Be 0 -Because (($Result.Errors | Select-Object -First 3 | ForEach-Object { "$_" }) -join "`n")
        $Result.Rows.Count | Should -Be 3
        @($ByName.Keys | Sort-Object) | Should -Be @('down', 'noprov', 'prov1')
    }
    It 'takes the provider''s answer where there is one (WSMan)' {
        $row = $ByName['prov1']
        $row.Source | Should -Be 'Provider'
        $row.Protocol | Should -Be 'WSMAN'
        $row.State | Should -Be 'Ready'
        $row.EvaluatedAt | Should -BeOfType [DateTime]
    }
    It 'evaluates a computer without the provider with acsready, from facts read over DCOM' {
        $row = $ByName['noprov']
        $row.Source | Should -Be 'RemoteFacts'
        $row.Protocol | Should -Be 'DCOM'
        $row.Version | Should -Be '10.0.17763.2114'
        $row.State | Should -Be 'NotReady'
        $row.MissingUpdates | Should -Be 'KB5005625'
        $row.Reasons | Should -Match '2114 < 2210'
        $row.RootCaPresent | Should -BeTrue
        $row.RootCaStore | Should -Be 'AuthRoot'
        # A mocked error has no OriginInfo to say which computer it came from.
        $row.Error | Should -Match '^provider (not installed|did not answer)'
    }
    It 'reports an unreachable computer with both errors' {
        $row = $ByName['down']
        $row.Source | Should -Be 'Unreachable'
        $row.State | Should -Be 'Unreachable'
        $row.Error | Should -Match 'Wsman: .*Dcom: '
    }
    It 'opens at most one session per computer and closes each' {
        Should -Invoke -ModuleName AcsReadiness New-CimSession -Scope Describe -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'prov1' }
        Should -Invoke -ModuleName AcsReadiness New-CimSession -Scope Describe -Times 2 -Exactly -ParameterFilter { $ComputerName -eq 'noprov' }
        Should -Invoke -ModuleName AcsReadiness Remove-CimSession -Scope Describe -Times 2 -Exactly
    }
    It 'asks every provider at once, with the throttle limit' {
        Should -Invoke -ModuleName AcsReadiness Get-CimInstance -Scope Describe -Times 1 -Exactly -ParameterFilter {
            $Namespace -eq 'root/AcsReadiness' -and @($CimSession).Count -eq 2 -and $ThrottleLimit -eq 7 }
    }
    It 'writes a CSV with the same rows' {
        $csv = @(Import-Csv (Join-Path $Out 'AcsReadiness-audit.csv'))
        $csv.Count | Should -Be 3
        ($csv | Where-Object ComputerName -eq 'noprov').State | Should -Be 'NotReady'
        ($csv | Where-Object ComputerName -eq 'prov1').EvaluatedAt | Should -Be '2026-12-01T10:00:00Z'
        ($csv | Where-Object ComputerName -eq 'down').Source | Should -Be 'Unreachable'
    }
    It 'writes a self-contained HTML page with a row per computer and the counts' {
        $html = Get-Content (Join-Path $Out 'AcsReadiness-audit.html') -Raw
        $html | Should -Not -Match '<script|<link|src='
        ([regex]::Matches($html, '<tr class="(Ready|NotReady|Unreachable)"><td>(prov1|noprov|down)</td>')).Count | Should -Be 3
        $html | Should -Match '<tr class="NotReady"><td>NotReady</td><td>1</td></tr>'
        $html | Should -Match '<tr class="Unreachable"><td>Unreachable</td><td>1</td></tr>'
    }
}

Describe 'CSV cells' {
    It 'neutralises <Text> (a formula to Excel)' -TestCases @(
        @{ Text = '=1+1' }, @{ Text = '+cmd' }, @{ Text = '-2' }, @{ Text = '@SUM(A1)' }, @{ Text = "`tx" }) {
        InModuleScope AcsReadiness -Parameters @{ Text = $Text } { ConvertTo-AcsCsvSafe $Text } | Should -Be ("'" + $Text)
    }
    It 'keeps ordinary text as it is' {
        InModuleScope AcsReadiness { ConvertTo-AcsCsvSafe 'KB5005625 (Ready)' } | Should -Be 'KB5005625 (Ready)'
    }
}

Describe 'datetimes' {
    It 'a DMTF string from Get-WmiObject becomes a UTC DateTime' {
        $value = InModuleScope AcsReadiness { ConvertTo-AcsDateTime '20261201103000.000000+060' }
        $value | Should -BeOfType [DateTime]
        $value.ToString('yyyy-MM-ddTHH:mm:ss') | Should -Be '2026-12-01T09:30:00'
    }
}
