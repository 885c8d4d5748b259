// Marks a run complete once every member is written; incomplete runs are never shown.
MATCH (r:AnalysisRun {id: $runId}) SET r.complete = true;
