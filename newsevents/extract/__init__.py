"""extract: entities and events from article bodies (gazetteer, events, numbers, taxonomy, pentacode)."""
