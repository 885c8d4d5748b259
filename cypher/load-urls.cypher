// (:Tweet)-[:LINKS]->(:Url) from tweets that may already have it; `pair` is [tweet id, Url url]. Both ends exist (written earlier in the batch).
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Url {url: pair[1]})
MERGE (t)-[:LINKS]->(x);
