# The AcsReadiness module as PowerShell loads it: manifest, CDXML cmdlets,
# format and type data, and that every class and property they name is in the MOF.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Manifest = Join-Path $ModuleDir 'AcsReadiness.psd1'
    $script:Classes = Get-MofClasses
}

Describe 'the module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $Manifest -ErrorAction Stop } | Should -Not -Throw
    }
    It 'has the repository VERSION as ModuleVersion' {
        $version = (Get-Content (Join-Path $Top 'VERSION') -Raw).Trim()
        (Test-ModuleManifest -Path $Manifest).Version.ToString() | Should -Be $version
    }
    It 'asks for PowerShell 5.1, Desktop and Core' {
        $data = Import-PowerShellDataFile $Manifest
        $data.PowerShellVersion | Should -Be '5.1'
        @($data.CompatiblePSEditions) | Should -Be @('Desktop', 'Core')
    }
    It 'processes the format and type files and nests the three CDXML modules' {
        $data = Import-PowerShellDataFile $Manifest
        @($data.FormatsToProcess) | Should -Be @('AcsReadiness.format.ps1xml')
        @($data.TypesToProcess) | Should -Be @('AcsReadiness.types.ps1xml')
        @($data.NestedModules | Sort-Object) | Should -Be @('AcsReadiness.cdxml', 'AcsReadinessModule.cdxml', 'AcsReadinessRequirement.cdxml')
        foreach ($file in @($data.FormatsToProcess) + @($data.TypesToProcess) + @($data.NestedModules)) {
            Join-Path $ModuleDir $file | Should -Exist
        }
    }
}

Describe 'importing the module' {
    BeforeAll { Import-Module $Manifest -Force -ErrorAction Stop }
    AfterAll { Remove-Module AcsReadiness -ErrorAction SilentlyContinue }

    It 'exports exactly the four commands' {
        (Get-Command -Module AcsReadiness).Name | Sort-Object |
            Should -Be @('Get-AcsReadiness', 'Get-AcsReadinessModule', 'Get-AcsReadinessRequirement', 'Invoke-AcsReadinessAudit')
    }
    It '<Command> takes -CimSession, -ThrottleLimit and -AsJob from PowerShell' -TestCases @(
        @{ Command = 'Get-AcsReadiness' }, @{ Command = 'Get-AcsReadinessRequirement' }, @{ Command = 'Get-AcsReadinessModule' }) {
        $parameters = (Get-Command $Command).Parameters.Keys
        foreach ($name in 'CimSession', 'ThrottleLimit', 'AsJob') { $parameters | Should -Contain $name }
    }
    It 'Get-AcsReadinessRequirement filters by -Id, -Kind and -Satisfied' {
        $parameters = (Get-Command Get-AcsReadinessRequirement).Parameters.Keys
        foreach ($name in 'Id', 'Kind', 'Satisfied') { $parameters | Should -Contain $name }
    }
}

Describe 'a broken CDXML file' {
    It 'is refused by PowerShell (so importing the real ones proves they are valid)' {
        $broken = Join-Path $TestDrive 'Broken.cdxml'
        (Get-Content (Join-Path $ModuleDir 'AcsReadiness.cdxml') -Raw) -replace '<DefaultNoun>', '<DefaultNown>' -replace '</DefaultNoun>', '</DefaultNown>' |
            Set-Content $broken
        { Import-Module $broken -ErrorAction Stop } | Should -Throw
    }
}

Describe 'format and type data' {
    It 'Update-FormatData accepts the format file' {
        { Update-FormatData -PrependPath (Join-Path $ModuleDir 'AcsReadiness.format.ps1xml') -ErrorAction Stop } | Should -Not -Throw
    }
    It 'Update-TypeData accepts the types file' {
        { Update-TypeData -PrependPath (Join-Path $ModuleDir 'AcsReadiness.types.ps1xml') -ErrorAction Stop } | Should -Not -Throw
    }
    It 'a CIM instance of AcsReadiness gets ComputerName from PSComputerName' {
        Update-TypeData -PrependPath (Join-Path $ModuleDir 'AcsReadiness.types.ps1xml') -ErrorAction SilentlyContinue
        $instance = [pscustomobject]@{ State = 'Ready'; PSComputerName = 'srv01' }
        $instance.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/AcsReadiness/AcsReadiness')
        $instance.ComputerName | Should -Be 'srv01'
    }
}

Describe 'XML files of the module' {
    It '<File> is well-formed (xmllint)' -TestCases @(
        @{ File = 'AcsReadiness.cdxml' }, @{ File = 'AcsReadinessRequirement.cdxml' }, @{ File = 'AcsReadinessModule.cdxml' },
        @{ File = 'AcsReadiness.format.ps1xml' }, @{ File = 'AcsReadiness.types.ps1xml' }) {
        $output = & xmllint --noout --nonet (Join-Path $ModuleDir $File) 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
    }
    It '<File> names only classes and properties of mof/acsready.mof' -TestCases @(
        @{ File = 'AcsReadiness.cdxml' }, @{ File = 'AcsReadinessRequirement.cdxml' }, @{ File = 'AcsReadinessModule.cdxml' }) {
        [xml]$xml = Get-Content (Join-Path $ModuleDir $File) -Raw
        $ns = @{ c = 'http://schemas.microsoft.com/cmdlets-over-objects/2009/11' }
        $class = (Select-Xml -Xml $xml -XPath '//c:Class' -Namespace $ns).Node.ClassName
        $class | Should -Match '^root/AcsReadiness/'
        $name = $class -replace '^root/AcsReadiness/', ''
        $Classes.Keys | Should -Contain $name
        foreach ($property in (Select-Xml -Xml $xml -XPath '//c:Property' -Namespace $ns)) {
            $Classes[$name] | Should -Contain $property.Node.PropertyName
        }
    }
    It 'the format file names only classes and properties of the MOF' {
        [xml]$xml = Get-Content (Join-Path $ModuleDir 'AcsReadiness.format.ps1xml') -Raw
        foreach ($view in $xml.Configuration.ViewDefinitions.View) {
            foreach ($type in @($view.ViewSelectedBy.TypeName)) {
                $name = ($type -split '[/\\]')[-1]
                $Classes.Keys | Should -Contain $name -Because "view $($view.Name) selects $type"
                foreach ($property in $view.SelectNodes('.//PropertyName')) {
                    $Classes[$name] | Should -Contain $property.InnerText -Because "view $($view.Name)"
                }
            }
        }
    }
    It 'the types file extends only MOF classes and reads only their properties' {
        [xml]$xml = Get-Content (Join-Path $ModuleDir 'AcsReadiness.types.ps1xml') -Raw
        foreach ($type in $xml.Types.Type) {
            $name = ($type.Name -split '[/\\]')[-1]
            $Classes.Keys | Should -Contain $name
            foreach ($script in $type.SelectNodes('.//GetScriptBlock')) {
                foreach ($used in [regex]::Matches($script.InnerText, '\$this\.(\w+)')) {
                    $property = $used.Groups[1].Value
                    if ($property -in @('PSComputerName', '__SERVER')) { continue }
                    $Classes[$name] | Should -Contain $property -Because "$($type.Name) reads `$this.$property"
                }
            }
        }
    }
}
