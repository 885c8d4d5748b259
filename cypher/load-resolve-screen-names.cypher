// After a load: accounts named only by screen name (`$namePrefix` + lower-cased name: FiveThirtyEight mentions and
// "RT @name", Twitter API v2 usernames, IO texts) meet the archive's account of that screen name, compared
// case-insensitively as Twitter does. Run after every load, so the order of rows, batches and files does not matter.
// A stub is resolved when its name belongs to exactly one archive account (an ambiguous name stays a stub). Links move
// at most $linksPerTransaction at a time (the caller repeats 1 and 2 until fewer come back): an account of the archive
// may be mentioned hundreds of thousands of times, more than one transaction's memory holds.
//
// 1. MENTIONS of a resolvable stub move onto its account (MERGE: a tweet that also names it by id keeps `resolvedBy: 'id'`).
MATCH (a:Account)
WHERE a.stub = false AND a.screenName IS NOT NULL AND NOT a.id STARTS WITH $namePrefix
WITH $namePrefix + toLower(a.screenName) AS key, collect(a) AS owners
WHERE size(owners) = 1
MATCH (s:Account {id: key})
WHERE s.stub = true
WITH owners[0] AS a, s
MATCH (t:Tweet)-[r:MENTIONS]->(s)
WITH a, t, r
LIMIT $linksPerTransaction
MERGE (t)-[m:MENTIONS]->(a)
ON CREATE SET m.resolvedBy = 'screenName'
DELETE r
RETURN count(r) AS links;

// 2. The POSTED of referenced tweets (a 538 "RT @name" original) from a resolvable stub move onto its account.
MATCH (a:Account)
WHERE a.stub = false AND a.screenName IS NOT NULL AND NOT a.id STARTS WITH $namePrefix
WITH $namePrefix + toLower(a.screenName) AS key, collect(a) AS owners
WHERE size(owners) = 1
MATCH (s:Account {id: key})
WHERE s.stub = true
WITH owners[0] AS a, s
MATCH (s)-[p:POSTED]->(t:Tweet)
WITH a, t, p
LIMIT $linksPerTransaction
MERGE (a)-[q:POSTED]->(t)
ON CREATE SET q.resolvedBy = 'screenName'
DELETE p
RETURN count(p) AS links;

// 3. The resolvable stubs, now without links, go.
MATCH (a:Account)
WHERE a.stub = false AND a.screenName IS NOT NULL AND NOT a.id STARTS WITH $namePrefix
WITH $namePrefix + toLower(a.screenName) AS key, collect(a) AS owners
WHERE size(owners) = 1
MATCH (s:Account {id: key})
WHERE s.stub = true AND NOT (s)--()
DELETE s
RETURN count(s) AS accounts;

// 4. An archive account keyed by its screen name (a source without ids): links to it were resolved by screen name.
MATCH (a:Account)
WHERE a.id STARTS WITH $namePrefix AND a.stub = false
MATCH (a)-[r:MENTIONS|POSTED {resolvedBy: 'unresolved'}]-(:Tweet)
WITH r
LIMIT $linksPerTransaction
SET r.resolvedBy = 'screenName'
RETURN count(r) AS links;
