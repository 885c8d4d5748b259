// Tweets of the archive with their author. A tweet already present as a stub gets its fields now.
UNWIND $tweets AS row
MERGE (t:Tweet {id: row.id})
SET t += row.props,
    t.stub = false,
    t.datasets = CASE WHEN $dataset IN coalesce(t.datasets, []) THEN t.datasets ELSE coalesce(t.datasets, []) + $dataset END
WITH t, row
MATCH (a:Account {id: row.accountId})
MERGE (a)-[:POSTED]->(t);
