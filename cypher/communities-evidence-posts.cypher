// communities evidence: for each target of $targets ({kind, target, accounts}; kind 'account', 'tweet' or
// 'link' as in communities-shared-targets.cypher, which these posts must match) and each of its accounts,
// the account's posts in scope that amplified the target: the earliest (tweet, time, text, action) and how
// many. Each target's posts are expanded once for all the accounts asking (targets are few, and the rarest:
// anchoring on an account would read every one of its posts). Columns: kind, target, account, tweet,
// time, text, action ('retweet', 'quote', 'reply', 'mention', 'link'), posts.
UNWIND $targets AS request
CALL (request) {
  MATCH (:Tweet {id: request.target})<-[r:RETWEET_OF|QUOTES]-(t:Tweet)<-[:POSTED]-(a:Account)
  WHERE request.kind = 'tweet' AND t.stub = false AND type(r) IN $kinds AND a.id IN request.accounts
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, t, type(r) AS how
  UNION
  MATCH (:Account {id: request.target})-[:POSTED]->(:Tweet)<-[r:RETWEET_OF|REPLY_TO|QUOTES]-(t:Tweet)<-[:POSTED]-(a:Account)
  WHERE request.kind = 'account' AND t.stub = false AND type(r) IN $kinds AND a.id IN request.accounts
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, t, type(r) AS how
  UNION
  MATCH (:Account {id: request.target})<-[:MENTIONS]-(t:Tweet)<-[:POSTED]-(a:Account)
  WHERE request.kind = 'account' AND t.stub = false AND 'MENTIONS' IN $kinds AND NOT coalesce(t.isRetweet, false) AND a.id IN request.accounts
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, t, 'MENTIONS' AS how
  UNION
  MATCH (:Url {url: request.target})<-[:LINKS]-(t:Tweet)<-[:POSTED]-(a:Account)
  WHERE request.kind = 'link' AND t.stub = false AND NOT coalesce(t.isRetweet, false) AND a.id IN request.accounts
  AND ($datasets IS NULL OR any(ds IN t.datasets WHERE ds IN $datasets))
  AND ($since IS NULL OR t.time >= $since)
  AND ($until IS NULL OR t.time < $until)
  RETURN a.id AS account, t, 'LINKS' AS how
}
// A reply that also names its account comes twice (REPLY_TO, MENTIONS): one post, shown as the reply.
WITH request, account, t, how,
     CASE how WHEN 'RETWEET_OF' THEN 0 WHEN 'QUOTES' THEN 1 WHEN 'REPLY_TO' THEN 2 WHEN 'MENTIONS' THEN 3 ELSE 4 END AS rank
ORDER BY t.time, t.id, rank
WITH request, account, collect({tweet: t.id, time: t.time, text: t.text, how: how}) AS found, count(DISTINCT t) AS posts
RETURN request.kind AS kind, request.target AS target, account,
       found[0].tweet AS tweet, found[0].time AS time, found[0].text AS text,
       CASE found[0].how WHEN 'RETWEET_OF' THEN 'retweet' WHEN 'QUOTES' THEN 'quote' WHEN 'REPLY_TO' THEN 'reply' WHEN 'MENTIONS' THEN 'mention' ELSE 'link' END AS action,
       posts;
