// Community report: languages of the members' posts (as the source tagged them), by number of posts.
// $ids: member ids (one batch); $limit: rows kept.
UNWIND $ids AS id
MATCH (:Account {id: id})-[:POSTED]->(t:Tweet)
WHERE t.stub = false AND t.language IS NOT NULL
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN t.language AS value, count(*) AS n
ORDER BY n DESC, value
LIMIT $limit;
