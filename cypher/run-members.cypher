// Each account's community and scores for a run.
UNWIND $members AS m
MATCH (r:AnalysisRun {id: $runId})
MATCH (a:Account {id: m.id})
CREATE (a)-[rel:IN_RUN {community: m.community}]->(r)
SET rel += m.scores;
