// Tweets of the archive absent from the graph (see load-tweets-present), with their author. `row` is
// [id, accountId, ...TWEET_PROPERTIES in the order of src/load/properties.ts], null where the source lacked a field
// (SET to null on a new node stores nothing). A list, not a map: no key names to send and look up for every row.
UNWIND $rows AS row
CREATE (t:Tweet {id: row[0], stub: false, datasets: [$dataset]})
SET t.time = row[2],
    t.timePrecision = row[3],
    t.text = row[4],
    t.language = row[5],
    t.client = row[6],
    t.isRetweet = row[7],
    t.sourceLine = row[8],
    t.likeCount = row[9],
    t.retweetCount = row[10],
    t.replyCount = row[11],
    t.quoteCount = row[12]
WITH t, row
MATCH (a:Account {id: row[1]})
CREATE (a)-[:POSTED]->(t);
