// Tweets only referenced (retweeted, replied to, quoted), often outside the archive, with their author when known.
UNWIND $stubs AS row
MERGE (t:Tweet {id: row.id})
ON CREATE SET t.stub = true
WITH t, row
WHERE row.accountId IS NOT NULL
MATCH (a:Account {id: row.accountId})
MERGE (a)-[:POSTED]->(t);
