-- ConfigMgr reports over the acsready hardware-inventory views (import
-- AcsReadiness-hinv.mof first; docs/deploy-sccm.md). Views: v_GS_ACS_READINESS
-- (one row per device), v_GS_ACS_READINESS_REQUIREMENT (one row per requirement).
-- Inventory columns carry a trailing 0 (State0). Booleans arrive as 0/1.

-- 1. Ready / not ready: devices per state.
SELECT ar.State0 AS State, COUNT(*) AS Devices
FROM v_GS_ACS_READINESS ar
GROUP BY ar.State0
ORDER BY Devices DESC;

-- 2. Not ready, by reason: the requirements that do not hold, and on how many devices.
SELECT req.Id0 AS Requirement, req.Kind0 AS Kind, COUNT(DISTINCT req.ResourceID) AS Devices
FROM v_GS_ACS_READINESS_REQUIREMENT req
JOIN v_GS_ACS_READINESS ar ON ar.ResourceID = req.ResourceID
WHERE ar.State0 <> 'Ready' AND (req.Satisfied0 = 0 OR req.Satisfied0 IS NULL)
GROUP BY req.Id0, req.Kind0
ORDER BY Devices DESC;

-- 3. By operating system: states per OS caption and build.
SELECT ar.Caption0 AS OperatingSystem, ar.BuildNumber0 AS Build, ar.State0 AS State, COUNT(*) AS Devices
FROM v_GS_ACS_READINESS ar
GROUP BY ar.Caption0, ar.BuildNumber0, ar.State0
ORDER BY ar.Caption0, ar.BuildNumber0, ar.State0;

-- 4. Missing updates, ranked: which update would make the most devices ready.
SELECT req.MissingUpdate0 AS MissingUpdate, COUNT(DISTINCT req.ResourceID) AS Devices
FROM v_GS_ACS_READINESS_REQUIREMENT req
WHERE req.MissingUpdate0 IS NOT NULL AND req.MissingUpdate0 <> ''
GROUP BY req.MissingUpdate0
ORDER BY Devices DESC;

-- 5. The devices that are not Ready, with their reasons.
SELECT sys.Netbios_Name0 AS Device, ar.State0 AS State, ar.Version0 AS Version,
       ar.MissingUpdates0 AS MissingUpdates, ar.RootCaPresent0 AS RootCaPresent, ar.Reasons0 AS Reasons,
       ar.TimeStamp AS InventoriedAt
FROM v_GS_ACS_READINESS ar
JOIN v_R_System sys ON sys.ResourceID = ar.ResourceID
WHERE ar.State0 <> 'Ready'
ORDER BY ar.State0, sys.Netbios_Name0;
