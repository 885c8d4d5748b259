// Network export: profile attributes of the run's accounts, for Gephi/Cytoscape. $ids: one batch of account ids; posts
// count the account's archive tweets (not stubs) in the run's scope ($datasets, $since, $until).
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.screenName AS screenName, a.displayName AS displayName, a.location AS location,
       a.description AS description, a.followers AS followers, a.following AS following, a.createdAt AS createdAt,
       a.language AS language, a.hashed AS hashed, a.accountCategory AS accountCategory, a.accountType AS accountType,
       a.stub AS stub,
       [(a)-[:IN_DATASET]->(d:Dataset) | d.name] AS datasets,
       COUNT {
         (a)-[:POSTED]->(t:Tweet)
         WHERE t.stub = false
           AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
           AND ($since IS NULL OR t.time >= $since)
           AND ($until IS NULL OR t.time < $until)
       } AS posts;
