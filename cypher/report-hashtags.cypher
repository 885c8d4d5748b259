// Community report: hashtags in the members' posts (retweets included: what the community spread), by number of posts.
// $ids: member ids (one batch); $limit: rows kept (a large number when batches are merged by the caller).
UNWIND $ids AS id
MATCH (:Account {id: id})-[:POSTED]->(t:Tweet)-[:TAGS]->(h:Hashtag)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN h.name AS value, count(*) AS n
ORDER BY n DESC, value
LIMIT $limit;
