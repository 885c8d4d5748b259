// Tests only: gives accounts a ground-truth label, as FiveThirtyEight's account_category would.
UNWIND $labels AS row
MATCH (a:Account {id: row.id})
SET a.accountCategory = row.label;
