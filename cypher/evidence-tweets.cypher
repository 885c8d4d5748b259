// Evidence labels: the texts of tweets a run names as shared objects or matched posts. Columns: id, text.
UNWIND $ids AS id
MATCH (t:Tweet {id: id})
RETURN t.id AS id, t.text AS text;
