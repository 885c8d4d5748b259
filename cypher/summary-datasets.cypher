// summary: the datasets in scope.
MATCH (d:Dataset) WHERE $datasets IS NULL OR d.name IN $datasets
RETURN d.name AS value, COUNT { (d)<-[:IN_DATASET]-() } AS count ORDER BY value;
