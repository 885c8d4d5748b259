// (:Tweet)-[:MENTIONS]->(:Account) from tweets created in this transaction (so none exists yet); `pair` is [tweet id, Account id].
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Account {id: pair[1]})
CREATE (t)-[:MENTIONS]->(x);
