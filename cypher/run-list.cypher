// Every complete run, newest first (to suggest the nearest when a run is not found).
MATCH (r:AnalysisRun) WHERE r.complete
RETURN r.id AS id, r.outDir AS outDir, r.analysis AS analysis
ORDER BY r.createdAt DESC LIMIT $limit;
