// Evidence of sync ties: the posts of the flagged accounts, in the run's scope and with its $actions. Columns: account, tweet, time (ms).
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:POSTED]->(t:Tweet)
WHERE t.stub = false
  AND ($actions = 'all' OR ($actions = 'retweets') = coalesce(t.isRetweet, false))
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN a.id AS account, t.id AS tweet, t.time AS time;
