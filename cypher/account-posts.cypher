// Posts per account in scope (a score shown in reports and the viewer). Columns: account, posts.
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:POSTED]->(t:Tweet)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN a.id AS account, count(t) AS posts;
