// summary: account creation dates of the accounts posting in scope (batches created on one day are a troll-farm sign).
MATCH (a:Account)-[:POSTED]->(t:Tweet)
WHERE t.stub = false AND a.createdAt IS NOT NULL
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
WITH DISTINCT a
RETURN a.createdAt AS day, count(*) AS count ORDER BY day;
