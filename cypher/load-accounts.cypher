// Accounts with profile fields (from tweet rows or a users file). `props` holds only the fields the source had,
// so a users file and a tweets file merge onto the same node without erasing each other.
UNWIND $accounts AS row
MERGE (a:Account {id: row.id})
SET a += row.props, a.stub = false
WITH a
MATCH (d:Dataset {name: $dataset})
MERGE (a)-[:IN_DATASET]->(d);
