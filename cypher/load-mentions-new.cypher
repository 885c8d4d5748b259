// (:Tweet)-[:MENTIONS]->(:Account) from tweets created in this transaction (so none exists yet); `pair` is [tweet id, Account id].
// `resolvedBy` says how the account was found: `id` when the source named its id, `unresolved` for a `name:<screen name>`
// stub (load-resolve-screen-names.cypher later moves it onto the archive's account and says `screenName`).
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair[0]})
MATCH (x:Account {id: pair[1]})
CREATE (t)-[:MENTIONS {resolvedBy: CASE WHEN pair[1] STARTS WITH $namePrefix THEN 'unresolved' ELSE 'id' END}]->(x);
