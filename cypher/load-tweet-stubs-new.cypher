// Referenced tweets absent from the graph (see load-tweets-present), with their author when known. `row` is [id, accountId | null].
UNWIND $rows AS row
CREATE (t:Tweet {id: row[0], stub: true})
WITH t, row
WHERE row[1] IS NOT NULL
MATCH (a:Account {id: row[1]})
CREATE (a)-[:POSTED]->(t);
