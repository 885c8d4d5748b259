// Tests and status: a run's stored state (complete flag and member count).
MATCH (r:AnalysisRun {id: $runId})
RETURN r.complete AS complete, COUNT { (r)<-[:IN_RUN]-() } AS members;
