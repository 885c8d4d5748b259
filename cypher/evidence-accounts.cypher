// Evidence labels: the screen names of accounts a run names as shared objects (co-mention). Columns: id, name.
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.screenName AS name;
