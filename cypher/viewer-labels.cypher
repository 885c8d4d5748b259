// Names, datasets and post counts of the accounts the viewer shows: node labels, the dataset
// filter and size-by-posts. `COUNT { (a)-[:POSTED]->() }` reads the degree store, not the tweets.
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id,
       a.screenName AS screenName,
       a.displayName AS displayName,
       COLLECT { MATCH (a)-[:IN_DATASET]->(d:Dataset) RETURN d.name ORDER BY d.name } AS datasets,
       COUNT { (a)-[:POSTED]->() } AS posts;
