"""extract: entities and events from article bodies (dates, gazetteer, events, numbers, taxonomy, pentacode)."""
