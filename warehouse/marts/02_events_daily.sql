-- Events per day by type and quad class (event date, not publication date; undated events left out).
CREATE OR REPLACE VIEW events_daily AS
SELECT event_date AS day, event_type, quad_class, count(*) AS events,
       count(DISTINCT canonical_event_id) AS distinct_events, sum(killed) AS killed, sum(injured) AS injured
FROM events
WHERE event_date IS NOT NULL AND date_precision = 'day'
GROUP BY ALL;
