// After a load: accounts named only by screen name (`$namePrefix` + lower-cased name: FiveThirtyEight mentions and
// "RT @name", Twitter API v2 usernames, IO texts) meet the archive's account of that screen name, compared
// case-insensitively as Twitter does. Run after every load, so the order of rows, batches and files does not matter.
//
// 1. A stub `name:x` whose name belongs to exactly one archive account (an ambiguous name stays a stub): its MENTIONS
//    and POSTED move onto that account (MERGE: a tweet that also names it by id keeps `resolvedBy: 'id'`), the stub goes.
//    At most $stubsPerTransaction stubs at a time (the caller repeats until none is left), so memory stays bounded.
MATCH (a:Account)
WHERE a.stub = false AND a.screenName IS NOT NULL AND NOT a.id STARTS WITH $namePrefix
WITH $namePrefix + toLower(a.screenName) AS key, collect(a) AS owners
WHERE size(owners) = 1
MATCH (s:Account {id: key})
WHERE s.stub = true
WITH owners[0] AS a, s
LIMIT $stubsPerTransaction
CALL {
  WITH a, s
  MATCH (t:Tweet)-[r:MENTIONS]->(s)
  MERGE (t)-[m:MENTIONS]->(a)
  ON CREATE SET m.resolvedBy = 'screenName'
  DELETE r
  RETURN count(r) AS mentions
}
CALL {
  WITH a, s
  MATCH (s)-[p:POSTED]->(t:Tweet)
  MERGE (a)-[q:POSTED]->(t)
  ON CREATE SET q.resolvedBy = 'screenName'
  DELETE p
  RETURN count(p) AS posted
}
DETACH DELETE s
RETURN count(s) AS accounts, sum(mentions) AS mentions, sum(posted) AS posted;

// 2. An archive account keyed by its screen name (a source without ids): links to it were resolved by screen name.
MATCH (a:Account)
WHERE a.id STARTS WITH $namePrefix AND a.stub = false
MATCH (a)-[r:MENTIONS|POSTED {resolvedBy: 'unresolved'}]-(:Tweet)
SET r.resolvedBy = 'screenName'
RETURN count(r) AS links;
