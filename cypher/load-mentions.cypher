// (:Tweet)-[:MENTIONS]->(:Account); mentioned accounts exist as stubs at least.
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair.from})
MATCH (a:Account {id: pair.to})
MERGE (t)-[:MENTIONS]->(a);
