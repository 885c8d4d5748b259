// Deletes every node and relationship in batches (used by `db reset` on an external server).
MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS;
