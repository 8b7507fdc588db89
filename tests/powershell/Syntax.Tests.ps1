# Every shipped script parses with PowerShell's own parser and uses no syntax
# that Windows PowerShell 5.1 lacks (the scripts run there: Intune, ConfigMgr,
# servers). The walk is proven on snippets that use each 7-only construct.
BeforeDiscovery {
    $top = if ($env:ACSREADY_TOP) { $env:ACSREADY_TOP } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }
    $script:Files = @(Get-ChildItem -Path (Join-Path $top 'scripts/AcsReadiness'), (Join-Path $top 'integration/intune') -File -Recurse |
            Where-Object { $_.Extension -in '.ps1', '.psm1', '.psd1' }) + @(Get-Item (Join-Path $top 'scripts/Get-AcsReadiness.ps1')) |
        ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } }
}

BeforeAll {
    function script:Find-Ps7Syntax {
        # Names of the PowerShell-7-only constructs in a syntax tree.
        param([System.Management.Automation.Language.Ast]$Ast)
        $found = New-Object System.Collections.Generic.List[string]
        $nodes = $Ast.FindAll({ $true }, $true)
        foreach ($node in $nodes) {
            $type = $node.GetType().Name
            $where = "line $($node.Extent.StartLineNumber)"
            if ($type -eq 'TernaryExpressionAst') { $found.Add("ternary ?: at $where") }
            elseif ($type -eq 'PipelineChainAst') { $found.Add("&& / || pipeline chain at $where") }
            elseif ($type -eq 'BinaryExpressionAst' -and "$($node.Operator)" -eq 'QuestionQuestion') { $found.Add("?? at $where") }
            elseif ($type -eq 'AssignmentStatementAst' -and "$($node.Operator)" -eq 'QuestionQuestionEquals') { $found.Add("??= at $where") }
            elseif (($type -eq 'MemberExpressionAst' -or $type -eq 'InvokeMemberExpressionAst' -or $type -eq 'IndexExpressionAst') -and
                $node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { $found.Add("?. or ?[] at $where") }
            elseif ($type -eq 'ScriptBlockAst' -and $node.PSObject.Properties['CleanBlock'] -and $node.CleanBlock) { $found.Add("clean block at $where") }
            elseif ($type -eq 'CommandAst' -and $node.GetCommandName() -in 'ForEach-Object', '%', 'foreach' -and
                @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and 'Parallel' -like "$($_.ParameterName)*" }).Count) {
                $found.Add("ForEach-Object -Parallel at $where")
            }
        }
        return , $found.ToArray()
    }
    function script:Parse {
        param([string]$Text)
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
        if ($errors.Count) { throw "parse errors: $($errors -join '; ')" }
        return $ast
    }
}

Describe 'the 7-only syntax walk' {
    It 'finds <Name>' -TestCases @(
        @{ Name = 'ternary'; Code = '$a = $b ? 1 : 2' },
        @{ Name = 'null coalescing'; Code = '$a = $b ?? 3' },
        @{ Name = 'null coalescing assignment'; Code = '$a ??= 3' },
        @{ Name = 'pipeline chain &&'; Code = 'Get-Item . && Get-Item .' },
        @{ Name = 'pipeline chain ||'; Code = 'Get-Item . || Get-Item .' },
        @{ Name = 'null-conditional member'; Code = '${a}?.Length' },
        @{ Name = 'null-conditional index'; Code = '${a}?[0]' },
        @{ Name = 'ForEach-Object -Parallel'; Code = '1..2 | ForEach-Object -Parallel { $_ }' },
        @{ Name = 'clean block'; Code = 'function f { process { 1 } clean { 2 } }' }) {
        @(Find-Ps7Syntax (Parse $Code)).Count | Should -BeGreaterThan 0
    }
    It 'finds nothing in 5.1 syntax' {
        Find-Ps7Syntax (Parse 'if ($a) { 1 } else { 2 }; $b = @{ x = 1 }; Get-Item . | ForEach-Object { $_.Name }') | Should -BeNullOrEmpty
    }
}

Describe 'shipped script <Name>' -ForEach $Files {
    It 'parses without errors' {
        $tokens = $null; $errors = $null
        [void][System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        @($errors).Count | Should -Be 0 -Because (@($errors) -join '; ')
    }
    It 'uses no syntax that Windows PowerShell 5.1 lacks' {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        Find-Ps7Syntax $ast | Should -BeNullOrEmpty
    }
    It 'is UTF-8 with a BOM when it holds non-ASCII text (Windows PowerShell 5.1 reads BOM-less files as ANSI)' {
        $bytes = [IO.File]::ReadAllBytes($Path)
        $ascii = -not ($bytes | Where-Object { $_ -gt 127 } | Select-Object -First 1)
        $bom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
        ($ascii -or $bom) | Should -BeTrue
    }
}
