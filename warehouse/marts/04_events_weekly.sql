-- Events per ISO 8601 week by type and quad class (event date, not publication date; undated events and those
-- known only to the month or year, scheduled future events and totals over a period left out). Columns: `iso_year` and `iso_week` (ISO week-numbering year and
-- week 1..53), `week_start` (the Monday, DATE), `event_type`, `quad_class`, `events` (event rows, one per
-- report), `distinct_events` (canonical events), `killed` and `injured` (summed over reports).
CREATE OR REPLACE VIEW events_weekly AS
SELECT CAST(isoyear(event_date) AS INTEGER) AS iso_year, CAST(weekofyear(event_date) AS INTEGER) AS iso_week,
       CAST(date_trunc('week', event_date) AS DATE) AS week_start, event_type, quad_class,
       count(*) AS events, count(DISTINCT canonical_event_id) AS distinct_events,
       CAST(sum(killed) AS BIGINT) AS killed, CAST(sum(injured) AS BIGINT) AS injured
FROM events
WHERE event_date IS NOT NULL AND date_precision = 'day' AND mention_kind <> 'future' AND NOT coalesce(is_aggregate, false)
GROUP BY ALL;
