// co-url projection: one share per (tweet, URL), retweets excluded unless $includeRetweets.
MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:LINKS]->(u:Url)
WHERE t.stub = false AND ($includeRetweets OR NOT coalesce(t.isRetweet, false))
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN u.url AS object, a.id AS account, t.id AS content, t.time AS time, t.sourceLine AS line;
