// Community report: URLs linked in the members' posts, by number of posts. $ids: member ids (one batch); $limit: rows kept.
UNWIND $ids AS id
MATCH (:Account {id: id})-[:POSTED]->(t:Tweet)-[:LINKS]->(u:Url)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN u.url AS value, count(*) AS n
ORDER BY n DESC, value
LIMIT $limit;
