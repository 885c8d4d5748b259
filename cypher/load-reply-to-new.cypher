// (:Tweet)-[:REPLY_TO]->(:Tweet) from tweets created in this transaction (so none exists yet); `pair` is [tweet id, Tweet id].
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Tweet {id: pair[1]})
CREATE (t)-[:REPLY_TO]->(x);
