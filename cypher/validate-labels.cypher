// validate: the label of each account of a run that has one (e.g. FiveThirtyEight's account_category).
UNWIND $ids AS id
MATCH (a:Account {id: id})
WITH a, CASE $label WHEN 'accountType' THEN a.accountType ELSE a.accountCategory END AS label
WHERE label IS NOT NULL AND label <> ''
RETURN a.id AS id, label;
