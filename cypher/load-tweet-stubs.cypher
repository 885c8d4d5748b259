// Referenced tweets that may already be in the graph, with their author when known. `row` is [id, accountId | null].
// `resolvedBy` as in load-tweet-stubs-new.cypher.
UNWIND $rows AS row
MERGE (t:Tweet {id: row[0]})
ON CREATE SET t.stub = true
WITH t, row
WHERE row[1] IS NOT NULL
MATCH (a:Account {id: row[1]})
MERGE (a)-[p:POSTED]->(t)
ON CREATE SET p.resolvedBy = CASE WHEN row[1] STARTS WITH $namePrefix THEN 'unresolved' END;
