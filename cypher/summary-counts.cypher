// summary: tweets, accounts, time range and the shares of retweets, replies and quotes in scope.
MATCH (a:Account)-[:POSTED]->(t:Tweet)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN count(t) AS tweets, count(DISTINCT a) AS accounts, min(t.time) AS first, max(t.time) AS last,
       sum(CASE WHEN t.isRetweet THEN 1 ELSE 0 END) AS retweets,
       sum(CASE WHEN EXISTS { (t)-[:REPLY_TO]->() } THEN 1 ELSE 0 END) AS replies,
       sum(CASE WHEN EXISTS { (t)-[:QUOTES]->() } THEN 1 ELSE 0 END) AS quotes,
       sum(CASE WHEN t.timePrecision = 'min' THEN 1 ELSE 0 END) AS minutePrecision;
