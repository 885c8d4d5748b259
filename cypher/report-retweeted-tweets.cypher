// Community report: tweets the members retweeted, by number of retweets. $ids: member ids (one batch); $limit: rows kept.
// An original outside the archive is a stub without text: one retweet's text ("RT @name: ...") stands in for it,
// fetched after LIMIT so a popular tweet's retweets are never all collected.
UNWIND $ids AS id
MATCH (:Account {id: id})-[:POSTED]->(t:Tweet)-[:RETWEET_OF]->(o:Tweet)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
WITH o, count(*) AS n
ORDER BY n DESC, o.id
LIMIT $limit
RETURN o.id AS id, n,
       coalesce(o.text, COLLECT { MATCH (r:Tweet)-[:RETWEET_OF]->(o) WHERE r.text IS NOT NULL RETURN r.text ORDER BY r.id LIMIT 1 }[0], '') AS text;
