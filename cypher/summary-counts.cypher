// summary: tweets, accounts, time range and the shares of retweets, replies and quotes in scope; retweets of an
// original whose author the source does not name (FiveThirtyEight retweets keyed by text), which the most retweeted
// accounts cannot count.
MATCH (a:Account)-[:POSTED]->(t:Tweet)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN count(t) AS tweets, count(DISTINCT a) AS accounts, min(t.time) AS first, max(t.time) AS last,
       sum(CASE WHEN t.isRetweet THEN 1 ELSE 0 END) AS retweets,
       sum(CASE WHEN EXISTS { (t)-[:REPLY_TO]->() } THEN 1 ELSE 0 END) AS replies,
       sum(CASE WHEN EXISTS { (t)-[:QUOTES]->() } THEN 1 ELSE 0 END) AS quotes,
       sum(CASE WHEN t.isRetweet AND EXISTS { (t)-[:RETWEET_OF]->(:Tweet {authorUnknown: true}) } THEN 1 ELSE 0 END) AS retweetsOfUnknownAuthors,
       sum(CASE WHEN t.timePrecision = 'min' THEN 1 ELSE 0 END) AS minutePrecision;
