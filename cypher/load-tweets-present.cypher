// Which of a batch's tweet ids (archive tweets and referenced ones) are already in the graph. The writer CREATEs
// the others and every relationship going out of them: a node made in this transaction has no relationship to MERGE with.
UNWIND $ids AS id
MATCH (t:Tweet {id: id})
RETURN t.id AS id;
