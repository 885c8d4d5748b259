// (:Tweet)-[:TAGS]->(:Hashtag), hashtags lower-cased without '#'.
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair.from})
MERGE (h:Hashtag {name: pair.to})
MERGE (t)-[:TAGS]->(h);
