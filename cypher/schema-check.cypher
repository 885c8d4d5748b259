// Which of the schema's indexes are in place and online, for `applySchema` to skip the schema statements when
// every one is (each is a round trip of its own, and a load or migrate usually finds them all). A uniqueness
// constraint's backing index carries the constraint's name and names it as `owningConstraint`.
SHOW INDEXES YIELD name, state, owningConstraint
WHERE state = 'ONLINE'
RETURN collect(CASE WHEN owningConstraint IS NULL THEN 'INDEX ' + name ELSE 'CONSTRAINT ' + owningConstraint END) AS online;
