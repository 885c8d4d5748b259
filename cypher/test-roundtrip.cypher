// Used by the foundation's integration test: a small graph written and read back with parameters.
UNWIND $tweets AS t
MERGE (a:Account {id: t.accountId})
MERGE (tw:Tweet {id: t.id}) SET tw.text = t.text, tw.time = t.time
MERGE (a)-[:POSTED]->(tw)
WITH tw, t
UNWIND t.hashtags AS tag
MERGE (h:Hashtag {name: tag})
MERGE (tw)-[:TAGS]->(h);
