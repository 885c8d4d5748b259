// co-quote projection: one share per quote tweet (object = the quoted tweet).
MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:QUOTES]->(o:Tweet)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN o.id AS object, a.id AS account, t.id AS content, t.time AS time, t.sourceLine AS line;
