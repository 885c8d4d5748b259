// Before a run: which datasets exist, how precise their times are, and how many tweets the scope covers.
CALL { MATCH (d:Dataset) RETURN collect(d.name) AS known }
CALL {
  MATCH (d:Dataset) WHERE $datasets IS NULL OR d.name IN $datasets
  UNWIND coalesce(d.timePrecisions, []) AS precision
  RETURN collect(DISTINCT precision) AS precisions
}
CALL {
  MATCH (t:Tweet)
  WHERE t.stub = false
    AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
    AND ($since IS NULL OR t.time >= $since)
    AND ($until IS NULL OR t.time < $until)
  RETURN count(t) AS tweets
}
RETURN known, precisions, tweets;
