// summary: top languages of tweets in scope.
MATCH (t:Tweet)
WHERE t.stub = false AND t.language IS NOT NULL AND t.language <> ''
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN t.language AS value, count(*) AS count ORDER BY count DESC, value LIMIT $top;
