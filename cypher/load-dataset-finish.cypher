// After a load: remember which time precisions the dataset's tweets have (analyses warn when a window is finer).
MATCH (d:Dataset {name: $name})
SET d.timePrecisions = [p IN coalesce(d.timePrecisions, []) WHERE NOT p IN $precisions] + $precisions,
    d.lastLoadAt = datetime();
