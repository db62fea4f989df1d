-- Where events happened: one row per place named in events. Columns: `location` (canonical place name),
-- `country_iso3`, `latitude` and `longitude` (WGS84; null when the place has no coordinates), `events` (event
-- rows, one per report), `distinct_events` (canonical events), `killed` and `injured` (per canonical event the
-- conservative figure across its reports, summed over the place's canonical events), `first_event_date` and
-- `last_event_date` (dated events only).
CREATE OR REPLACE VIEW places AS
WITH per_event AS (
    SELECT location, country_iso3, canonical_event_id, count(*) AS reports, avg(latitude) AS latitude,
           avg(longitude) AS longitude, min(killed) AS killed, min(injured) AS injured,
           min(event_date) AS first_date, max(event_date) AS last_date
    FROM events
    WHERE location IS NOT NULL AND mention_kind <> 'future'
    GROUP BY location, country_iso3, canonical_event_id
)
SELECT location, country_iso3, round(avg(latitude), 5) AS latitude, round(avg(longitude), 5) AS longitude,
       CAST(sum(reports) AS BIGINT) AS events, count(*) AS distinct_events,
       CAST(sum(killed) AS BIGINT) AS killed, CAST(sum(injured) AS BIGINT) AS injured,
       min(first_date) AS first_event_date, max(last_date) AS last_event_date
FROM per_event
GROUP BY location, country_iso3;
