// Referenced tweets the source knows by their text alone (FiveThirtyEight retweets without "RT @name:"), after
// load-tweet-stubs(-new) made their nodes: marked `authorUnknown` (no POSTED: the release does not name the author) and
// given the text they are keyed by, so reports and the viewer can show both. `row` is [id, text]. Only a stub is marked,
// and only once: the id is a hash of the text, so every row naming it carries the same text and a rerun changes nothing.
UNWIND $rows AS row
MATCH (t:Tweet {id: row[0]})
WHERE t.stub = true AND t.authorUnknown IS NULL
SET t.authorUnknown = true, t.text = row[1];
