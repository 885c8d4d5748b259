// (:Tweet)-[:TAGS]->(:Hashtag) from tweets that may already have it; `pair` is [tweet id, Hashtag name]. Both ends exist (written earlier in the batch).
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Hashtag {name: pair[1]})
MERGE (t)-[:TAGS]->(x);
