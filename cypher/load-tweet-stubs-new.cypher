// Referenced tweets absent from the graph (see load-tweets-present), with their author when known. `row` is [id, accountId | null].
// An author known only by screen name (`name:<screen name>`, e.g. FiveThirtyEight's "RT @name") gets `resolvedBy: 'unresolved'`
// on its POSTED, as a mention does (load-resolve-screen-names.cypher resolves it).
UNWIND $rows AS row
CREATE (t:Tweet {id: row[0], stub: true})
WITH t, row
WHERE row[1] IS NOT NULL
MATCH (a:Account {id: row[1]})
CREATE (a)-[p:POSTED]->(t)
SET p.resolvedBy = CASE WHEN row[1] STARTS WITH $namePrefix THEN 'unresolved' END;
