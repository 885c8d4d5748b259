// The most recent complete run, optionally of one analysis.
MATCH (r:AnalysisRun)
WHERE r.complete AND ($analysis IS NULL OR r.analysis = $analysis)
RETURN r.id AS id, r.outDir AS outDir, r.analysis AS analysis
ORDER BY r.createdAt DESC LIMIT 1;
