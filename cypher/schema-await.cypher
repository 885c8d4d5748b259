// Waits until every index is online, so the first load after migrate already uses them.
CALL db.awaitIndexes(300);
