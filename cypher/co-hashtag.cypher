// co-hashtag projection: one share per (tweet, hashtag), retweets excluded unless $includeRetweets (they repeat the original's tags).
MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:TAGS]->(h:Hashtag)
WHERE t.stub = false AND ($includeRetweets OR NOT coalesce(t.isRetweet, false))
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN h.name AS object, a.id AS account, t.id AS content, t.time AS time, t.sourceLine AS line;
