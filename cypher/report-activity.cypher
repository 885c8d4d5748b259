// Community report: the members' posts per UTC day (YYYY-MM-DD). $ids: member ids (one batch). time is Unix ms, stored as
// a float by the JavaScript driver, hence toInteger before epochMillis.
UNWIND $ids AS id
MATCH (:Account {id: id})-[:POSTED]->(t:Tweet)
WHERE t.stub = false AND t.time IS NOT NULL
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
RETURN toString(date(datetime({epochMillis: toInteger(t.time)}))) AS day, count(*) AS n
ORDER BY day;
