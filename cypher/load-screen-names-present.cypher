// Before resolving screen names: does any account carry a `$namePrefix` id (a stub named by screen name, or an
// account of a source without ids)? An index seek on the unique id, so a load that met none (most formats) skips
// the four resolution statements, each a scan of the archive's accounts.
MATCH (a:Account)
WHERE a.id STARTS WITH $namePrefix
WITH a
LIMIT 1
RETURN count(a) > 0 AS present;
