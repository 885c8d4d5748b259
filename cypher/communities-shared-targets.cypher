// communities, shared targets: what the archive's accounts amplify, one row per set of accounts sharing
// targets of one kind: outside accounts (stubs) they retweet, quote, reply to or mention; tweets they
// retweet or quote; links they post. A retweet's mentions and links are the retweeted tweet's, itself a
// target, so they are not counted again. Targets of one account come back counted per account
// (soleAccount, targets): they only raise its degree. Columns: kind, accounts, soleAccount, targets,
// examples (up to $examples of a shared row's target ids, the smallest: the evidence names them).
CALL {
  MATCH (a:Account)-[:POSTED]->(t:Tweet)-[r:RETWEET_OF|QUOTES]->(o:Tweet)
  WHERE t.stub = false AND type(r) IN $kinds
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, 'tweet' AS kind, o.id AS target
  UNION ALL
  MATCH (a:Account)-[:POSTED]->(t:Tweet)-[r:RETWEET_OF|REPLY_TO|QUOTES]->(:Tweet)<-[:POSTED]-(b:Account)
  WHERE t.stub = false AND b.stub = true AND type(r) IN $kinds
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, 'account' AS kind, b.id AS target
  UNION ALL
  MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:MENTIONS]->(b:Account)
  WHERE t.stub = false AND b.stub = true AND 'MENTIONS' IN $kinds AND NOT coalesce(t.isRetweet, false)
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, 'account' AS kind, b.id AS target
  UNION ALL
  MATCH (a:Account)-[:POSTED]->(t:Tweet)-[:LINKS]->(u:Url)
  WHERE t.stub = false AND NOT coalesce(t.isRetweet, false)
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, 'link' AS kind, u.url AS target
}
WITH kind, target, collect(DISTINCT account) AS accounts
WITH kind, target, size(accounts) > 1 AS shared, accounts
// Targets shared by the same accounts come back as one row with their number (grouping by the list).
WITH kind,
     CASE WHEN shared THEN accounts ELSE [] END AS accounts,
     CASE WHEN shared THEN null ELSE accounts[0] END AS soleAccount,
     CASE WHEN shared AND $examples > 0 THEN target END AS example
WITH kind, accounts, soleAccount, count(*) AS targets, collect(example) AS examples
// The smallest ids, kept in order by insertion, so the examples do not depend on the order rows arrive in.
RETURN kind, accounts, soleAccount, targets,
       reduce(kept = [], id IN examples |
         CASE WHEN size(kept) < $examples OR id < kept[-1]
              THEN ([x IN kept WHERE x < id] + [id] + [x IN kept WHERE x >= id])[..$examples]
              ELSE kept END) AS examples;
