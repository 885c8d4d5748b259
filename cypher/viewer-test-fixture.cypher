// Used by the viewer's tests only: accounts with datasets, tweets, hashtags and URLs, from parameters.
UNWIND $accounts AS row
MERGE (a:Account {id: row.id})
SET a += row.props
MERGE (d:Dataset {name: row.dataset})
MERGE (a)-[:IN_DATASET]->(d)
WITH a, row
UNWIND row.tweets AS tw
MERGE (t:Tweet {id: tw.id})
SET t += tw.props
MERGE (a)-[:POSTED]->(t)
FOREACH (tag IN tw.hashtags | MERGE (h:Hashtag {name: tag}) MERGE (t)-[:TAGS]->(h))
FOREACH (url IN tw.urls | MERGE (u:Url {url: url}) MERGE (t)-[:LINKS]->(u));
