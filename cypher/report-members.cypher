// Community report: profile, datasets and post count of each member. $ids is one batch of member ids; posts count the
// member's archive tweets (not stubs) in the run's scope ($datasets, $since, $until). Accounts not in the graph give no row.
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.screenName AS screenName, a.displayName AS displayName, a.followers AS followers,
       a.createdAt AS createdAt, a.language AS language, a.accountCategory AS accountCategory, a.accountType AS accountType,
       [(a)-[:IN_DATASET]->(d:Dataset) | d.name] AS datasets,
       COUNT {
         (a)-[:POSTED]->(t:Tweet)
         WHERE t.stub = false
           AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
           AND ($since IS NULL OR t.time >= $since)
           AND ($until IS NULL OR t.time < $until)
       } AS posts;
