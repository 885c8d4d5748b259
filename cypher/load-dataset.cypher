// Creates or updates the Dataset node a load tags its nodes with.
MERGE (d:Dataset {name: $name})
ON CREATE SET d.createdAt = datetime()
SET d.updatedAt = datetime(), d.sources = [s IN coalesce(d.sources, []) WHERE NOT s IN $sources] + $sources;
