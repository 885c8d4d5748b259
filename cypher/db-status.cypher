// Server version and the size of the graph, for `coordgraph db status`.
CALL dbms.components() YIELD name, versions, edition
WITH name, versions[0] AS version, edition
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN name, version, edition, nodes, relationships;
