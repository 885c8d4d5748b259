// summary: top clients of tweets in scope.
MATCH (t:Tweet)
WHERE t.stub = false AND t.client IS NOT NULL AND t.client <> ''
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN t.client AS value, count(*) AS count ORDER BY count DESC, value LIMIT $top;
