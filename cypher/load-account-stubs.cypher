// Accounts only referenced (retweeted, replied to, mentioned) and maybe outside the archive.
UNWIND $ids AS id
MERGE (a:Account {id: id})
ON CREATE SET a.stub = true;
