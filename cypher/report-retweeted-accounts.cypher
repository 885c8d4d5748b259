// Community report: accounts whose tweets the members retweeted, by number of retweets. $ids: member ids (one batch);
// $limit: rows kept.
UNWIND $ids AS id
MATCH (:Account {id: id})-[:POSTED]->(t:Tweet)-[:RETWEET_OF]->(:Tweet)<-[:POSTED]-(b:Account)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN b.id AS id, b.screenName AS screenName, count(*) AS n
ORDER BY n DESC, id
LIMIT $limit;
