// summary: accounts most retweeted by tweets in scope (often outside the archive).
MATCH (t:Tweet)-[:RETWEET_OF]->(:Tweet)<-[:POSTED]-(b:Account)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN b.id AS value, b.screenName AS screenName, count(*) AS count ORDER BY count DESC, value LIMIT $top;
