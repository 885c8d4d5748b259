// (:Tweet)-[:MENTIONS]->(:Account) from tweets that may already have it; `pair` is [tweet id, Account id]. Both ends exist
// (written earlier in the batch). `resolvedBy` as in load-mentions-new.cypher.
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Account {id: pair[1]})
MERGE (t)-[m:MENTIONS]->(x)
ON CREATE SET m.resolvedBy = CASE WHEN pair[1] STARTS WITH $namePrefix THEN 'unresolved' ELSE 'id' END;
