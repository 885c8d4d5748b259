// Before a bulk load: the nodes the database holds (from the count store, instant). The import replaces the database, so it must be 0.
MATCH (n) RETURN count(n) AS nodes;
