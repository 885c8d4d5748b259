// co-domain projection: one share per (tweet, domain linked), retweets excluded unless $includeRetweets.
MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(dom:Domain)
WHERE t.stub = false AND ($includeRetweets OR NOT coalesce(t.isRetweet, false))
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN DISTINCT dom.name AS object, a.id AS account, t.id AS content, t.time AS time, t.sourceLine AS line;
