// summary: top linked domains of tweets in scope.
MATCH (t:Tweet)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(d:Domain)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN d.name AS value, count(*) AS count ORDER BY count DESC, value LIMIT $top;
