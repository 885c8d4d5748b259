// Referenced tweets that may already be in the graph, with their author when known. `row` is [id, accountId | null].
UNWIND $rows AS row
MERGE (t:Tweet {id: row[0]})
ON CREATE SET t.stub = true
WITH t, row
WHERE row[1] IS NOT NULL
MATCH (a:Account {id: row[1]})
MERGE (a)-[:POSTED]->(t);
