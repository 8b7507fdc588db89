# AcsReadiness: the root module of the acsready PowerShell module.
#
# Get-AcsReadiness, Get-AcsReadinessRequirement and Get-AcsReadinessModule are
# CDXML cmdlets (the .cdxml files beside this one, loaded as NestedModules);
# this file holds Invoke-AcsReadinessAudit, which audits many computers at once.
#
# Runs on Windows PowerShell 5.1 and PowerShell 7: tests/powershell walks this
# file's syntax tree and fails on 7-only syntax. docs/powershell.md shows how to
# use it.

Set-StrictMode -Version 2.0

$script:Namespace = 'root/AcsReadiness'
$script:HKLM = [uint32]2147483650
# Where Windows keeps the LocalMachine root stores in the registry (the
# physical stores behind Cert:\LocalMachine\Root; docs/troubleshooting.md).
$script:RootStoreKeys = [ordered]@{
    Root        = 'SOFTWARE\Microsoft\SystemCertificates\ROOT\Certificates'
    AuthRoot    = 'SOFTWARE\Microsoft\SystemCertificates\AuthRoot\Certificates'
    GroupPolicy = 'SOFTWARE\Policies\Microsoft\SystemCertificates\Root\Certificates'
    Enterprise  = 'SOFTWARE\Microsoft\EnterpriseCertificates\Root\Certificates'
}
$script:CbsPackagesKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages'
$script:CbsInstalled = 112   # CurrentState of an installed CBS package (0x70)
# The columns of the audit's CSV, in order.
$script:AuditColumns = @('ComputerName', 'Source', 'Protocol', 'State', 'Ready', 'Caption', 'Version',
    'MissingUpdates', 'RootCaPresent', 'RootCaStore', 'Reasons', 'EvaluatedAt', 'ProviderVersion', 'Error')

function Get-AcsreadyInstallPath {
    # The MSI puts this module in <install>\Modules\AcsReadiness, beside acsready.exe
    # and acsready-catalog.xml in <install>.
    return (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))
}

function Get-AcsRootThumbprint {
    # The root's SHA-1 comes from the shipped catalog: the one place it is defined.
    param([string]$CatalogPath)
    $xml = New-Object System.Xml.XmlDocument
    $xml.Load($CatalogPath)
    $ns = New-Object System.Xml.XmlNamespaceManager($xml.NameTable)
    $ns.AddNamespace('c', 'urn:acsready:catalog:1')
    $root = $xml.SelectSingleNode('//c:root[@sha1]', $ns)
    if ($null -eq $root) { throw "$CatalogPath names no root certificate (root/@sha1)" }
    return $root.GetAttribute('sha1').ToUpperInvariant()
}

function Connect-AcsTarget {
    # One CIM session per host, used for every query to it: WSMan first, DCOM
    # when WSMan fails. New-CimSession tests a WSMan connection; a DCOM session
    # connects lazily, so it is proven with a cheap query.
    param([string]$ComputerName, [System.Management.Automation.PSCredential]$Credential, [int]$OperationTimeoutSec)
    $target = [pscustomobject]@{ ComputerName = $ComputerName; Session = $null; Protocol = $null; Error = $null }
    $problems = @()
    foreach ($protocol in @('Wsman', 'Dcom')) {
        $session = $null
        try {
            $arguments = @{
                ComputerName  = $ComputerName
                SessionOption = (New-CimSessionOption -Protocol $protocol)
                OperationTimeoutSec = $OperationTimeoutSec
                ErrorAction   = 'Stop'
            }
            if ($Credential) { $arguments.Credential = $Credential }
            $session = New-CimSession @arguments
            if ($protocol -eq 'Dcom') {
                $null = Get-CimInstance -CimSession $session -ClassName Win32_OperatingSystem -Property Caption `
                    -OperationTimeoutSec $OperationTimeoutSec -ErrorAction Stop
            }
            $target.Session = $session
            $target.Protocol = $protocol.ToUpperInvariant()
            return $target
        } catch {
            $problems += "${protocol}: $($_.Exception.Message)"
            if ($session) { Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue }
        }
    }
    $target.Error = 'unreachable (' + ($problems -join '; ') + ')'
    return $target
}

function Invoke-AcsRegistryMethod {
    # One StdRegProv call over the host's session; returns the output object.
    param($Session, [string]$Method, [hashtable]$Arguments, [int]$OperationTimeoutSec)
    $Arguments.hDefKey = $script:HKLM
    return Invoke-CimMethod -CimSession $Session -Namespace root/cimv2 -ClassName StdRegProv -MethodName $Method `
        -Arguments $Arguments -OperationTimeoutSec $OperationTimeoutSec -ErrorAction Stop
}

function Get-AcsRemoteFacts {
    # What every Windows serves remotely without acsready: Win32_OperatingSystem
    # and StdRegProv reads of UBR, the CBS packages (RollupFix and KBs) and the
    # root's registry keys. Facts only: the verdict is acsready.exe's.
    # Returns an inventory row (the column names acsready evaluate --inventory
    # reads, docs/cli.md) and notes on what could not be read.
    param($Session, [string]$Name, [string]$RootThumbprint, [int]$OperationTimeoutSec)
    $notes = @()
    $osProperties = @('Version', 'BuildNumber', 'ProductType', 'Caption')
    $os = Get-CimInstance -CimSession $Session -ClassName Win32_OperatingSystem -Property $osProperties `
        -OperationTimeoutSec $OperationTimeoutSec -ErrorAction Stop
    $version = [string]$os.Version
    $major = 0
    [void][int]::TryParse(($version -split '\.')[0], [ref]$major)

    $revision = $null
    $kbs = New-Object System.Collections.Generic.List[string]
    if ($major -ge 10) {
        $ubr = Invoke-AcsRegistryMethod -Session $Session -Method GetDWORDValue -OperationTimeoutSec $OperationTimeoutSec `
            -Arguments @{ sSubKeyName = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion'; sValueName = 'UBR' }
        if ($ubr.ReturnValue -eq 0) { $revision = [string]$ubr.uValue } else { $notes += "UBR unreadable (error $($ubr.ReturnValue))" }
    }
    $packages = Invoke-AcsRegistryMethod -Session $Session -Method EnumKey -OperationTimeoutSec $OperationTimeoutSec `
        -Arguments @{ sSubKeyName = $script:CbsPackagesKey }
    if ($packages.ReturnValue -ne 0) {
        $notes += "CBS packages unreadable (error $($packages.ReturnValue))"
    } else {
        $best = $null
        foreach ($package in @($packages.sNames)) {
            $isRollup = $package -match '^Package_for_RollupFix~[^~]*~[^~]*~[^~]*~(\d+)\.(\d+)\.'
            $rollupBuild = $null; $rollupRevision = $null
            if ($isRollup) { $rollupBuild = $Matches[1]; $rollupRevision = [int]$Matches[2] }
            $isKb = $package -match '^Package_for_KB(\d+)~'
            $kb = $null
            if ($isKb) { $kb = 'KB' + $Matches[1] }
            if (-not $isRollup -and -not $isKb) { continue }
            # Only installed packages count: a staged or superseded one proves nothing.
            $state = Invoke-AcsRegistryMethod -Session $Session -Method GetDWORDValue -OperationTimeoutSec $OperationTimeoutSec `
                -Arguments @{ sSubKeyName = "$($script:CbsPackagesKey)\$package"; sValueName = 'CurrentState' }
            if ($state.ReturnValue -ne 0 -or [int]$state.uValue -ne $script:CbsInstalled) { continue }
            if ($isKb -and -not $kbs.Contains($kb)) { $kbs.Add($kb) }
            if ($isRollup -and $rollupBuild -eq [string]$os.BuildNumber -and ($null -eq $best -or $rollupRevision -gt $best)) {
                $best = $rollupRevision
            }
        }
        # On 6.x the revision is the installed monthly rollup's (docs/cli.md).
        if ($major -lt 10 -and $null -ne $best) { $revision = [string]$best }
    }
    if ($null -ne $revision) { $version = "$version.$revision" }

    $rootStores = @()
    $rootUnknown = $false
    foreach ($store in $script:RootStoreKeys.Keys) {
        $listing = Invoke-AcsRegistryMethod -Session $Session -Method EnumKey -OperationTimeoutSec $OperationTimeoutSec `
            -Arguments @{ sSubKeyName = $script:RootStoreKeys[$store] }
        if ($listing.ReturnValue -eq 2) { continue }   # the store does not exist
        if ($listing.ReturnValue -ne 0) { $rootUnknown = $true; $notes += "$store store unreadable (error $($listing.ReturnValue))"; continue }
        if (@($listing.sNames) -contains $RootThumbprint) { $rootStores += $store }
    }
    $rootPresent = ''
    if ($rootStores.Count -gt 0) { $rootPresent = 'true' } elseif (-not $rootUnknown) { $rootPresent = 'false' }

    $policy = Invoke-AcsRegistryMethod -Session $Session -Method GetDWORDValue -OperationTimeoutSec $OperationTimeoutSec `
        -Arguments @{ sSubKeyName = 'SOFTWARE\Policies\Microsoft\SystemCertificates\AuthRoot'; sValueName = 'DisableRootAutoUpdate' }
    $autoUpdateDisabled = ''
    if ($policy.ReturnValue -eq 0) { $autoUpdateDisabled = ([int]$policy.uValue -eq 1).ToString().ToLowerInvariant() }
    elseif ($policy.ReturnValue -eq 2) { $autoUpdateDisabled = 'false' }

    $sync = Invoke-AcsRegistryMethod -Session $Session -Method GetBinaryValue -OperationTimeoutSec $OperationTimeoutSec `
        -Arguments @{ sSubKeyName = 'SOFTWARE\Microsoft\SystemCertificates\AuthRoot\AutoUpdate'; sValueName = 'LastSyncTime' }
    $lastSync = ''
    if ($sync.ReturnValue -eq 0 -and @($sync.uValue).Count -eq 8) {
        $fileTime = [BitConverter]::ToInt64([byte[]]$sync.uValue, 0)
        $lastSync = [DateTime]::FromFileTimeUtc($fileTime).ToString('yyyy-MM-dd', [Globalization.CultureInfo]::InvariantCulture)
    } elseif ($sync.ReturnValue -eq 2) {
        $lastSync = 'never'
    }

    $row = [ordered]@{
        Name                   = $Name
        OSVersion              = $version
        ProductType            = [string]$os.ProductType
        Caption                = [string]$os.Caption
        InstalledKBs           = ($kbs -join ' ')
        RootCaPresent          = $rootPresent
        RootCaStore            = ($rootStores -join ', ')
        RootAutoUpdateDisabled = $autoUpdateDisabled
        RootListLastSync       = $lastSync
    }
    return [pscustomobject]@{ Row = [pscustomobject]$row; Notes = $notes }
}

function Invoke-AcsreadyInventory {
    # Evaluates inventory rows with the shipped acsready.exe; returns a
    # hashtable Name -> verdict {State, MissingUpdates[], Reasons[]}. The rules
    # live in acsready, never here.
    param([object[]]$Rows, [string]$AcsreadyPath, [string]$Language)
    $verdicts = @{}
    if (-not $Rows -or $Rows.Count -eq 0) { return $verdicts }
    $work = Join-Path ([IO.Path]::GetTempPath()) ("acsready-audit-" + [Guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $work
    try {
        $inventory = Join-Path $work 'inventory.csv'
        $Rows | Export-Csv -Path $inventory -NoTypeInformation -Encoding UTF8
        $output = Join-Path $work 'verdicts.json'
        $errors = Join-Path $work 'errors.txt'
        $process = Start-Process -FilePath $AcsreadyPath -ArgumentList @('evaluate', '--inventory', "`"$inventory`"",
            '--format', 'json', '--lang', $Language) -NoNewWindow -Wait -PassThru `
            -RedirectStandardOutput $output -RedirectStandardError $errors
        # 0-3 are verdicts (the worst state); 65 means no usable row.
        if ($process.ExitCode -gt 3) {
            $detail = ''
            if (Test-Path $errors) { $detail = ((Get-Content -Path $errors) -join ' ').Trim() }
            throw "acsready evaluate --inventory exited $($process.ExitCode): $detail"
        }
        $text = [IO.File]::ReadAllText($output, [Text.Encoding]::UTF8)
        foreach ($verdict in @($text | ConvertFrom-Json)) {
            $verdicts[[string]$verdict.Name] = $verdict
        }
        # Rows acsready rejected (a bad cell) are reported on stderr by line.
        if (Test-Path $errors) {
            foreach ($line in Get-Content -Path $errors) {
                if ($line -match 'inventory\.csv:(\d+): (.*)$') {
                    $index = [int]$Matches[1] - 2   # line 1 is the header
                    if ($index -ge 0 -and $index -lt $Rows.Count -and -not $verdicts.ContainsKey($Rows[$index].Name)) {
                        $verdicts[$Rows[$index].Name] = [pscustomobject]@{ Name = $Rows[$index].Name; State = 'Unknown'
                            MissingUpdates = @(); Reasons = @("acsready rejected the facts: $($Matches[2])") }
                    }
                }
            }
        }
    } finally {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }
    return $verdicts
}

function ConvertTo-AcsCsvSafe {
    # A cell starting with = + - @ tab or CR is a formula to Excel (OWASP "CSV
    # Injection"): a leading apostrophe keeps it text.
    param([AllowNull()][object]$Value)
    if ($null -eq $Value) { return '' }
    $text = [string]$Value
    if ($text.Length -gt 0 -and '=+-@'.Contains([string]$text[0]) -or $text.StartsWith("`t") -or $text.StartsWith("`r")) {
        return "'" + $text
    }
    return $text
}

function New-AcsAuditRow {
    param([string]$ComputerName, [string]$Source, [string]$Protocol)
    $row = [ordered]@{}
    foreach ($column in $script:AuditColumns) { $row[$column] = $null }
    $row.ComputerName = $ComputerName
    $row.Source = $Source
    $row.Protocol = $Protocol
    $object = [pscustomobject]$row
    $object.PSObject.TypeNames.Insert(0, 'AcsReadiness.AuditRow')
    return $object
}

function ConvertTo-AcsDateTime {
    # CIM gives DateTime; Get-WmiObject gives a DMTF string: both become DateTime.
    param([AllowNull()][object]$Value)
    if ($null -eq $Value -or $Value -is [DateTime]) { return $Value }
    $text = [string]$Value
    if ($text -match '^\d{14}\.\d{6}[+-]\d{3}$') {
        $utc = [DateTime]::ParseExact($text.Substring(0, 14), 'yyyyMMddHHmmss', [Globalization.CultureInfo]::InvariantCulture)
        $offset = [int]$text.Substring(22)
        if ($text[21] -eq '-') { $offset = -$offset }
        return [DateTime]::SpecifyKind($utc.AddMinutes(-$offset), [DateTimeKind]::Utc)
    }
    return $Value
}

function Write-AcsAuditHtml {
    # A self-contained page: counts per state, then one table row per host.
    param([object[]]$Rows, [string]$Path, [datetime]$When)
    $encode = { param($v) [System.Net.WebUtility]::HtmlEncode([string]$v) }
    $states = @('Ready', 'NotReady', 'Unsupported', 'Unknown', 'Unreachable')
    $html = New-Object System.Text.StringBuilder
    [void]$html.Append("<!DOCTYPE html>`n<html lang=`"en`"><head><meta charset=`"utf-8`"><title>ACS readiness audit</title>`n")
    [void]$html.Append('<style>body{font-family:Segoe UI,Arial,sans-serif;margin:1.5em}table{border-collapse:collapse}' +
        'th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#eee}' +
        '.Ready{background:#e3f4e3}.NotReady{background:#fde8e8}.Unsupported{background:#f3e5f5}' +
        '.Unknown,.Unreachable{background:#fff6d9}</style></head><body>' + "`n")
    [void]$html.Append("<h1>ACS readiness audit</h1>`n<p>$(& $encode $When.ToString('u')) &middot; $($Rows.Count) computers</p>`n")
    [void]$html.Append("<table id=`"summary`"><tr><th>State</th><th>Computers</th></tr>`n")
    foreach ($state in $states) {
        $count = @($Rows | Where-Object { $_.State -eq $state }).Count
        [void]$html.Append("<tr class=`"$state`"><td>$state</td><td>$count</td></tr>`n")
    }
    [void]$html.Append("</table>`n<h2>Computers</h2>`n<table id=`"computers`"><tr>")
    foreach ($column in $script:AuditColumns) { [void]$html.Append("<th>$column</th>") }
    [void]$html.Append("</tr>`n")
    foreach ($row in $Rows) {
        [void]$html.Append("<tr class=`"$(& $encode $row.State)`">")
        foreach ($column in $script:AuditColumns) { [void]$html.Append("<td>$(& $encode $row.$column)</td>") }
        [void]$html.Append("</tr>`n")
    }
    [void]$html.Append("</table>`n</body></html>`n")
    [IO.File]::WriteAllText($Path, $html.ToString(), (New-Object System.Text.UTF8Encoding($false)))
}

function Invoke-AcsReadinessAudit {
    <#
    .SYNOPSIS
        Audits many computers for Azure Code Signing readiness: one row per computer, as CSV and HTML.
    .DESCRIPTION
        Opens one CIM session per computer (WSMan, falling back to DCOM) and asks every
        computer's acsready provider at once (-ThrottleLimit). A computer without the
        provider is read remotely (Win32_OperatingSystem, and StdRegProv reads of UBR,
        the CBS RollupFix/KB packages and the root certificate's registry keys) and its
        facts are evaluated by the shipped acsready.exe; its row says Source RemoteFacts.
        An unreachable computer gets a row with State Unreachable and the error. No
        computer's failure stops the audit, and nothing is written to the error stream.
        Writes <OutputPath>\AcsReadiness-audit.csv and .html and returns the rows.
    .PARAMETER ComputerName
        Computers to audit (pipeline input accepted, also by property Name/DNSHostName).
    .PARAMETER Credential
        Credential for every computer.
    .PARAMETER ThrottleLimit
        How many computers are queried at once (default 32).
    .PARAMETER OutputPath
        Folder for the CSV and HTML (default: the current folder).
    .PARAMETER AcsreadyPath
        acsready.exe that evaluates the computers without the provider (default: the
        one installed beside this module by the MSI).
    .PARAMETER Language
        Language of the reasons: en, zh-TW or ja.
    .EXAMPLE
        Get-ADComputer -Filter 'OperatingSystem -like "*Server*"' | Invoke-AcsReadinessAudit -OutputPath C:\Reports
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'Name', 'DNSHostName')]
        [string[]]$ComputerName,
        [System.Management.Automation.PSCredential]$Credential,
        [ValidateRange(1, 1000)]
        [int]$ThrottleLimit = 32,
        [string]$OutputPath = '.',
        [string]$AcsreadyPath,
        [ValidateSet('en', 'zh-TW', 'ja')]
        [string]$Language = 'en',
        [ValidateRange(5, 3600)]
        [int]$OperationTimeoutSec = 60
    )
    begin {
        $names = New-Object System.Collections.Generic.List[string]
    }
    process {
        foreach ($name in $ComputerName) {
            if ($name -and -not $names.Contains($name)) { $names.Add($name) }
        }
    }
    end {
        $started = [DateTime]::UtcNow
        if (-not $AcsreadyPath) { $AcsreadyPath = Join-Path (Get-AcsreadyInstallPath) 'acsready.exe' }
        $catalog = Join-Path (Split-Path -Parent $AcsreadyPath) 'acsready-catalog.xml'
        $thumbprint = $null
        $setupError = $null
        try { $thumbprint = Get-AcsRootThumbprint -CatalogPath $catalog } catch { $setupError = "no catalog beside acsready.exe: $($_.Exception.Message)" }

        # 1. one session per computer
        $targets = @()
        foreach ($name in $names) {
            $targets += Connect-AcsTarget -ComputerName $name -Credential $Credential -OperationTimeoutSec $OperationTimeoutSec
        }

        # 2. the provider, on every session at once
        $answers = @{}
        $providerErrors = @{}
        $live = @($targets | Where-Object { $null -ne $_.Session })
        if ($live.Count -gt 0) {
            $queryErrors = $null
            $instances = @(Get-CimInstance -CimSession @($live | ForEach-Object { $_.Session }) -Namespace $script:Namespace `
                -ClassName AcsReadiness -ThrottleLimit $ThrottleLimit -OperationTimeoutSec $OperationTimeoutSec `
                -ErrorAction SilentlyContinue -ErrorVariable queryErrors)
            foreach ($instance in $instances) { $answers[[string]$instance.PSComputerName] = $instance }
            foreach ($problem in @($queryErrors)) {
                $origin = $null
                if ($problem.PSObject.Properties['OriginInfo'] -and $problem.OriginInfo) { $origin = [string]$problem.OriginInfo.PSComputerName }
                if ($origin) { $providerErrors[$origin] = $problem.Exception.Message }
            }
        }

        # 3. a row per computer; the ones without the provider gather facts
        $rows = @()
        $pending = @()
        foreach ($target in $targets) {
            $row = $null
            try {
                if ($null -eq $target.Session) {
                    $row = New-AcsAuditRow -ComputerName $target.ComputerName -Source 'Unreachable' -Protocol ''
                    $row.State = 'Unreachable'
                    $row.Error = $target.Error
                } elseif ($answers.ContainsKey([string]$target.Session.ComputerName)) {
                    $answer = $answers[[string]$target.Session.ComputerName]
                    $row = New-AcsAuditRow -ComputerName $target.ComputerName -Source 'Provider' -Protocol $target.Protocol
                    $row.State = [string]$answer.State
                    $row.Ready = $answer.Ready
                    $row.Caption = $answer.Caption
                    $row.Version = $answer.Version
                    $row.MissingUpdates = (@($answer.MissingUpdates) -join ' ')
                    $row.RootCaPresent = $answer.RootCaPresent
                    $row.RootCaStore = $answer.RootCaStore
                    $row.Reasons = (@($answer.Reasons) -join ' | ')
                    $row.EvaluatedAt = ConvertTo-AcsDateTime $answer.EvaluatedAt
                    $row.ProviderVersion = $answer.ProviderVersion
                } else {
                    $row = New-AcsAuditRow -ComputerName $target.ComputerName -Source 'RemoteFacts' -Protocol $target.Protocol
                    $why = 'provider not installed'
                    if ($providerErrors.ContainsKey([string]$target.Session.ComputerName)) {
                        $why = "provider did not answer: $($providerErrors[[string]$target.Session.ComputerName])"
                    }
                    if ($setupError) { throw $setupError }
                    $facts = Get-AcsRemoteFacts -Session $target.Session -Name $target.ComputerName `
                        -RootThumbprint $thumbprint -OperationTimeoutSec $OperationTimeoutSec
                    $row.Caption = $facts.Row.Caption
                    $row.Version = $facts.Row.OSVersion
                    $row.MissingUpdates = ''
                    if ($facts.Row.RootCaPresent -ne '') { $row.RootCaPresent = ($facts.Row.RootCaPresent -eq 'true') }
                    $row.RootCaStore = $facts.Row.RootCaStore
                    $row.Error = (@($why) + @($facts.Notes)) -join '; '
                    $pending += [pscustomobject]@{ Row = $row; Facts = $facts.Row }
                }
            } catch {
                if ($null -eq $row) { $row = New-AcsAuditRow -ComputerName $target.ComputerName -Source 'Unknown' -Protocol $target.Protocol }
                $row.State = 'Unknown'
                $row.Error = "$($row.Error) $($_.Exception.Message)".Trim()
            }
            $rows += $row
        }

        # 4. acsready.exe evaluates the gathered facts, all in one inventory
        if ($pending.Count -gt 0) {
            try {
                $verdicts = Invoke-AcsreadyInventory -Rows @($pending | ForEach-Object { $_.Facts }) -AcsreadyPath $AcsreadyPath -Language $Language
                foreach ($item in $pending) {
                    $verdict = $verdicts[[string]$item.Row.ComputerName]
                    if ($null -eq $verdict) { $item.Row.State = 'Unknown'; $item.Row.Error += '; acsready returned no verdict'; continue }
                    $item.Row.State = [string]$verdict.State
                    $item.Row.Ready = ($item.Row.State -eq 'Ready')
                    $item.Row.MissingUpdates = (@($verdict.MissingUpdates) -join ' ')
                    $item.Row.Reasons = (@($verdict.Reasons) -join ' | ')
                    $item.Row.EvaluatedAt = $started
                }
            } catch {
                foreach ($item in $pending) {
                    $item.Row.State = 'Unknown'
                    $item.Row.Error = "$($item.Row.Error); $($_.Exception.Message)"
                }
            }
        }

        foreach ($target in $targets) {
            if ($target.Session) { Remove-CimSession -CimSession $target.Session -ErrorAction SilentlyContinue }
        }

        # 5. CSV (formula-safe) and HTML
        if (-not (Test-Path -LiteralPath $OutputPath)) { $null = New-Item -ItemType Directory -Path $OutputPath }
        $csv = Join-Path $OutputPath 'AcsReadiness-audit.csv'
        $rows | ForEach-Object {
            $safe = [ordered]@{}
            foreach ($column in $script:AuditColumns) {
                $value = $_.$column
                if ($value -is [DateTime]) { $value = $value.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture) }
                $safe[$column] = ConvertTo-AcsCsvSafe $value
            }
            [pscustomobject]$safe
        } | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8
        Write-AcsAuditHtml -Rows $rows -Path (Join-Path $OutputPath 'AcsReadiness-audit.html') -When $started
        Write-Verbose "Invoke-AcsReadinessAudit: $($rows.Count) computers, $csv"
        $rows
    }
}

# What is exported is the manifest's FunctionsToExport: these helpers stay private,
# and the CDXML cmdlets of the nested modules are exported with the audit.
