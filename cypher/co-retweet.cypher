// co-retweet projection: one share per retweet (object = the retweeted tweet). Columns: object, account, content, time (ms), line.
MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:RETWEET_OF]->(o:Tweet)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN o.id AS object, a.id AS account, t.id AS content, t.time AS time, t.sourceLine AS line;
