-- Events per day by type and quad class (event date, not publication date; undated events, those known
-- only to the month or year, scheduled future events and totals over a period (is_aggregate) left out). Columns: `day` (event_date), `event_type`, `quad_class` (1 verbal
-- cooperation .. 4 material conflict), `events` (event rows, one per report), `distinct_events` (canonical
-- events), `killed` and `injured` (summed over reports).
CREATE OR REPLACE VIEW events_daily AS
SELECT event_date AS day, event_type, quad_class, count(*) AS events,
       count(DISTINCT canonical_event_id) AS distinct_events,
       CAST(sum(killed) AS BIGINT) AS killed, CAST(sum(injured) AS BIGINT) AS injured
FROM events
WHERE event_date IS NOT NULL AND date_precision = 'day' AND mention_kind <> 'future' AND NOT coalesce(is_aggregate, false)
GROUP BY ALL;
