// co-text projection: original tweets (not retweets) with text. Columns: account, tweet, time (ms), text.
MATCH (a:Account)-[:POSTED]->(t:Tweet)
WHERE t.stub = false AND NOT coalesce(t.isRetweet, false) AND t.text IS NOT NULL
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN a.id AS account, t.id AS tweet, t.time AS time, t.text AS text;
