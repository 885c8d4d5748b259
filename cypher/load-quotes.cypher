// (:Tweet)-[:QUOTES]->(:Tweet) from tweets that may already have it; `pair` is [tweet id, Tweet id]. Both ends exist (written earlier in the batch).
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Tweet {id: pair[1]})
MERGE (t)-[:QUOTES]->(x);
