// sync projection: every post's account, time (ms) and time precision; $actions picks all posts, retweets only or originals only.
// objects: what the post acts on (the tweet it retweets or quotes, its hashtags, its links): sync leaves
// out the bins where two accounts acted on one object (a co-share, for the co-share analyses).
MATCH (a:Account)-[:POSTED]->(t:Tweet)
WHERE t.stub = false
  AND ($actions = 'all' OR ($actions = 'retweets') = coalesce(t.isRetweet, false))
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN a.id AS account, t.time AS time, t.timePrecision AS precision,
  [(t)-[:RETWEET_OF|QUOTES]->(o:Tweet) | 'tweet:' + o.id]
    + [(t)-[:TAGS]->(h:Hashtag) | '#' + h.name]
    + [(t)-[:LINKS]->(u:Url) | u.url] AS objects;
