// Hashtags of a batch, each once (lower-cased, without '#'), before the TAGS relationships point at them.
UNWIND $names AS name
MERGE (:Hashtag {name: name});
