// (:Tweet)-[:REPLY_TO]->(:Tweet); both ends exist (tweets or stubs written earlier in the batch).
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair.from})
MATCH (o:Tweet {id: pair.to})
MERGE (t)-[:REPLY_TO]->(o);
