// summary: top hashtags of tweets in scope.
MATCH (t:Tweet)-[:TAGS]->(h:Hashtag)
WHERE t.stub = false
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN h.name AS value, count(*) AS count ORDER BY count DESC, value LIMIT $top;
