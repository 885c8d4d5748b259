// Lists constraints (name, labels, properties) to check that the schema is in place.
SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN name, labelsOrTypes, properties, type ORDER BY name;
