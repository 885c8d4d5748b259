// communities projection: weighted account interactions (retweets, replies, quotes of another account's
// tweet; mentions outside retweets, whose "RT @x" mention repeats the retweet). Columns: source, target, kind, weight.
CALL {
  MATCH (a:Account)-[:POSTED]->(t:Tweet)-[r:RETWEET_OF|REPLY_TO|QUOTES]->(:Tweet)<-[:POSTED]-(b:Account)
  WHERE t.stub = false AND a <> b AND type(r) IN $kinds
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
    AND ($includeOutside OR b.stub = false)
  RETURN a.id AS source, b.id AS target, type(r) AS kind, count(*) AS weight
  UNION ALL
  MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:MENTIONS]->(b:Account)
  WHERE t.stub = false AND a <> b AND 'MENTIONS' IN $kinds AND NOT coalesce(t.isRetweet, false)
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
    AND ($includeOutside OR b.stub = false)
  RETURN a.id AS source, b.id AS target, 'MENTIONS' AS kind, count(*) AS weight
}
RETURN source, target, kind, weight;
