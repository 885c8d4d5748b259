// Evidence of sync ties: the posts of the flagged accounts, in the run's scope and with its $actions. Columns: account, tweet, time (ms),
// objects (as in sync.cypher: bins where both acted on one object are not sync evidence).
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:POSTED]->(t:Tweet)
WHERE t.stub = false
  AND ($actions = 'all' OR ($actions = 'retweets') = coalesce(t.isRetweet, false))
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN a.id AS account, t.id AS tweet, t.time AS time,
  [(t)-[:RETWEET_OF|QUOTES]->(o:Tweet) | 'tweet:' + o.id]
    + [(t)-[:TAGS]->(h:Hashtag) | '#' + h.name]
    + [(t)-[:LINKS]->(u:Url) | u.url] AS objects;
