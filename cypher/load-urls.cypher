// (:Tweet)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(:Domain).
UNWIND $pairs AS pair
MATCH (t:Tweet {id: pair.from})
MERGE (u:Url {url: pair.to})
ON CREATE SET u.domain = pair.domain
MERGE (t)-[:LINKS]->(u)
WITH u, pair
WHERE pair.domain IS NOT NULL
MERGE (d:Domain {name: pair.domain})
MERGE (u)-[:ON_DOMAIN]->(d);
