-- Who did what to whom: one row per directed pair (actor1 acted on or with actor2), events with both actors
-- only (an attack's target that is a thing, actor2_type OBJECT such as 'army base', is no actor: left out). Columns: `actor1`, `actor2`, `actor1_country` and `actor2_country` (ISO alpha-3, the most frequent),
-- `event_types` (distinct types, comma separated), `events` (event rows, one per report), `distinct_events`
-- (canonical events), `mean_quad_class` (1 verbal cooperation .. 4 material conflict, two decimals),
-- `first_event_date` and `last_event_date` (dated events only; null when none is dated).
CREATE OR REPLACE VIEW actor_pairs AS
SELECT actor1, actor2, mode(actor1_country) AS actor1_country, mode(actor2_country) AS actor2_country,
       string_agg(DISTINCT event_type, ', ' ORDER BY event_type) AS event_types,
       count(*) AS events, count(DISTINCT canonical_event_id) AS distinct_events,
       round(avg(quad_class), 2) AS mean_quad_class,
       min(event_date) AS first_event_date, max(event_date) AS last_event_date
FROM events
WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL AND mention_kind <> 'future'
  AND actor2_type IS DISTINCT FROM 'OBJECT'
GROUP BY actor1, actor2;
