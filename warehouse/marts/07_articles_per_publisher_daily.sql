-- Articles per publisher and publication day (the publisher's local date; articles without a date have a null
-- `published_date`, without a known publisher a null `publisher`). Columns: `publisher`, `published_date`,
-- `articles` (rows loaded), `original_articles` (not an exact duplicate of an earlier one), `stories` (distinct
-- story_id), `words` (sum of word_count).
CREATE OR REPLACE VIEW articles_per_publisher_daily AS
SELECT publisher, published_date, count(*) AS articles,
       count(*) FILTER (WHERE duplicate_of IS NULL) AS original_articles,
       count(DISTINCT story_id) AS stories, CAST(sum(word_count) AS BIGINT) AS words
FROM articles
GROUP BY publisher, published_date;
