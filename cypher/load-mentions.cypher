// (:Tweet)-[:MENTIONS]->(:Account) from tweets that may already have it; `pair` is [tweet id, Account id]. Both ends exist (written earlier in the batch).
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Account {id: pair[1]})
MERGE (t)-[:MENTIONS]->(x);
