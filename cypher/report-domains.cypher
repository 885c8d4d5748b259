// Community report: web domains linked in the members' posts, by number of posts (a post linking two URLs of one
// domain counts once). $ids: member ids (one batch); $limit: rows kept.
UNWIND $ids AS id
MATCH (:Account {id: id})-[:POSTED]->(t:Tweet)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(d:Domain)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
WITH DISTINCT t, d
RETURN d.name AS value, count(*) AS n
ORDER BY n DESC, value
LIMIT $limit;
