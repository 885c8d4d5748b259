// URLs of a batch, each once, with (:Url)-[:ON_DOMAIN]->(:Domain) when the URL has a domain. `row` is [url, domain | null].
UNWIND $rows AS row
MERGE (u:Url {url: row[0]})
ON CREATE SET u.domain = row[1]
WITH u, row
WHERE row[1] IS NOT NULL
MERGE (d:Domain {name: row[1]})
MERGE (u)-[:ON_DOMAIN]->(d);
