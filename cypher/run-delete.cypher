// Removes a run and its memberships (used when storing a run failed midway).
MATCH (r:AnalysisRun {id: $runId}) DETACH DELETE r;
