// One run by id.
MATCH (r:AnalysisRun {id: $runId}) WHERE r.complete
RETURN r.id AS id, r.outDir AS outDir, r.analysis AS analysis;
