// (:Tweet)-[:TAGS]->(:Hashtag) from tweets created in this transaction (so none exists yet); `pair` is [tweet id, Hashtag name].
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Hashtag {name: pair[1]})
CREATE (t)-[:TAGS]->(x);
