// (:Tweet)-[:LINKS]->(:Url) from tweets created in this transaction (so none exists yet); `pair` is [tweet id, Url url].
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Url {url: pair[1]})
CREATE (t)-[:LINKS]->(x);
