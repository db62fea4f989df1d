-- One row per real-world event: its best report (highest confidence, then earliest), how many articles and
-- publishers reported it, and when it was first and last seen.
CREATE OR REPLACE VIEW canonical_events AS
WITH ranked AS (
    SELECT e.*, a.publisher, a.published_at, a.url, a.title,
           row_number() OVER (PARTITION BY e.canonical_event_id ORDER BY e.confidence DESC, a.published_at, e.event_id) AS rn
    FROM events e JOIN articles a USING (article_id)
)
SELECT r.canonical_event_id, r.event_type, r.cameo_root, r.quad_class, r.plover_type, r.acled_event_type,
       r.actor1, r.actor2, r.actor1_country, r.actor2_country, r.event_date, r.date_precision,
       r.location, r.country_iso3, r.latitude, r.longitude, r.evidence, r.confidence, r.mention_kind,
       agg.killed, agg.injured, agg.troops, agg.n_articles, agg.n_publishers, agg.first_seen, agg.last_seen,
       r.article_id AS best_article_id, r.url AS best_url
FROM ranked r
JOIN (
    SELECT e.canonical_event_id, count(DISTINCT e.article_id) AS n_articles,
           count(DISTINCT a.publisher) AS n_publishers, min(a.published_at) AS first_seen,
           max(a.published_at) AS last_seen,
           -- the conservative figure across reports
           min(e.killed) AS killed, min(e.injured) AS injured, min(e.troops) AS troops
    FROM events e JOIN articles a USING (article_id)
    GROUP BY e.canonical_event_id
) agg USING (canonical_event_id)
WHERE r.rn = 1;
