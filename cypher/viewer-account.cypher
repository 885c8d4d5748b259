// One account for the viewer's side panel: profile, datasets, top hashtags and URLs, its latest
// tweets, and the tweets named as evidence of its coordinated shares ($evidenceIds, from pairs.csv).
MATCH (a:Account {id: $id})
RETURN a {
         .screenName, .displayName, .location, .description, .followers, .following,
         .createdAt, .language, .hashed, .accountCategory, .accountType, .stub
       } AS profile,
       COLLECT { MATCH (a)-[:IN_DATASET]->(d:Dataset) RETURN d.name ORDER BY d.name } AS datasets,
       COUNT { (a)-[:POSTED]->() } AS posts,
       COLLECT {
         MATCH (a)-[:POSTED]->(:Tweet)-[:TAGS]->(h:Hashtag)
         WITH h.name AS name, count(*) AS uses
         ORDER BY uses DESC, name
         LIMIT $topLimit
         RETURN {name: name, uses: uses}
       } AS hashtags,
       COLLECT {
         MATCH (a)-[:POSTED]->(:Tweet)-[:LINKS]->(u:Url)
         WITH u.url AS url, count(*) AS uses
         ORDER BY uses DESC, url
         LIMIT $topLimit
         RETURN {url: url, uses: uses}
       } AS urls,
       COLLECT {
         MATCH (a)-[:POSTED]->(t:Tweet)
         WITH t ORDER BY t.time DESC, t.id LIMIT $tweetLimit
         RETURN t {.id, .text, .time, .timePrecision, .isRetweet, .language}
       } AS tweets,
       COLLECT {
         MATCH (a)-[:POSTED]->(t:Tweet)
         WHERE t.id IN $evidenceIds
         RETURN t {.id, .text, .time, .timePrecision, .isRetweet, .language}
       } AS evidenceTweets;
