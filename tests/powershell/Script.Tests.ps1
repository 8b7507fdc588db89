# scripts/Get-AcsReadiness.ps1, the stand-alone script: one CIM session per
# computer whatever is asked, a failing computer never stops the others, and
# WMI datetimes become DateTime.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:ScriptPath = Join-Path $Top 'scripts/Get-AcsReadiness.ps1'
    . $ScriptPath
    $script:haveCim = $true
    $Protocol = 'Wsman'
    $Credential = $null
    $Requirements = $true
    $Intune = $false
}

Describe 'Get-AcsReadiness.ps1' {
    BeforeEach {
        Mock New-CimSessionOption { [pscustomobject]@{ Protocol = $Protocol } }
        Mock New-CimSession { if ($ComputerName -eq 'bad') { throw 'WinRM cannot reach bad' }; [pscustomobject]@{ ComputerName = $ComputerName } }
        Mock Remove-CimSession { }
        Mock Get-CimInstance {
            if ($ClassName -eq 'AcsReadiness') { [pscustomobject]@{ State = 'NotReady'; Reasons = @('UBR 2114 < 2210') } }
            else { [pscustomobject]@{ Id = 'update'; Satisfied = $false } }
        }
    }
    It 'opens one session per computer for the singleton and the requirements, and closes it' {
        $output = @(Invoke-AcsQuery -Targets @('a', 'b'))
        $output.Count | Should -Be 4
        Should -Invoke New-CimSession -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'a' }
        Should -Invoke New-CimSession -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'b' }
        Should -Invoke Get-CimInstance -Times 4 -Exactly
        Should -Invoke Remove-CimSession -Times 2 -Exactly
    }
    It 'asks every computer even when one fails, under -ErrorAction Stop too' {
        $ErrorActionPreference = 'Stop'
        $output = @(Invoke-AcsQuery -Targets @('a', 'bad', 'b'))
        $output.Count | Should -Be 4
        $lines | Should -Be @('a: NotReady: UBR 2114 < 2210', 'bad: QueryFailed: WinRM cannot reach bad', 'b: NotReady: UBR 2114 < 2210')
        $failures.Count | Should -Be 1
        $worst | Should -Be 65
    }
    It 'turns WMI datetime strings into DateTime' {
        $value = ConvertFrom-AcsDmtfDateTime '20211012000000.000000+000'
        $value | Should -BeOfType [DateTime]
        $value.ToString('yyyy-MM-dd HH:mm') | Should -Be '2021-10-12 00:00'
        ConvertFrom-AcsDmtfDateTime ([DateTime]::new(2021, 10, 12)) | Should -BeOfType [DateTime]
    }
    It 'copies a WMI object with DateTime properties and the type name the format file selects' {
        $wmi = [pscustomobject]@{ __SERVER = 'srv'; Properties = @(
                [pscustomobject]@{ Name = 'State'; Value = 'Ready'; Type = 'String' },
                [pscustomobject]@{ Name = 'EvaluatedAt'; Value = '20261201100000.000000+000'; Type = 'DateTime' }) }
        $copy = ConvertFrom-AcsWmiObject $wmi 'AcsReadiness'
        $copy.EvaluatedAt | Should -BeOfType [DateTime]
        $copy.PSComputerName | Should -Be 'srv'
        $copy.PSObject.TypeNames[0] | Should -Be 'System.Management.ManagementObject#root\AcsReadiness\AcsReadiness'
    }
}
