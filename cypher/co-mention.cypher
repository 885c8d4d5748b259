// co-mention projection: one share per (tweet, mentioned account), retweets excluded unless $includeRetweets.
MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:MENTIONS]->(m:Account)
WHERE t.stub = false AND ($includeRetweets OR NOT coalesce(t.isRetweet, false))
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN m.id AS object, a.id AS account, t.id AS content, t.time AS time, t.sourceLine AS line;
