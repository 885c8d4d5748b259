// Creates or updates the Dataset node a load tags its nodes with; `$sources` are files of this load (moved last
// when already listed). createdAt is kept once set: a bulk import creates the node without it.
MERGE (d:Dataset {name: $name})
SET d.createdAt = coalesce(d.createdAt, datetime()),
    d.updatedAt = datetime(),
    d.sources = [s IN coalesce(d.sources, []) WHERE NOT s IN $sources] + $sources;
