// Before a driver load: the tweets the graph holds (from the count store, instant). With none, the writer knows
// every tweet id it has not written itself is absent and skips load-tweets-present (see LoadWriterOptions).
MATCH (t:Tweet) RETURN count(t) AS tweets;
