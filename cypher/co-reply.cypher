// co-reply projection: one share per reply (object = the tweet replied to).
MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:REPLY_TO]->(o:Tweet)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN o.id AS object, a.id AS account, t.id AS content, t.time AS time, t.sourceLine AS line;
