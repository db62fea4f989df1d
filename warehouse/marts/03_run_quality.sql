-- Data quality per run: checks passed, rows rejected.
CREATE OR REPLACE VIEW run_quality AS
SELECT r.run_id, r.started_at, r.status, r.files_seen, r.files_loaded, r.files_duplicate, r.files_rejected,
       r.articles, r.events, r.rejects,
       count(d.check_name) AS checks, count(d.check_name) FILTER (WHERE d.passed) AS checks_passed,
       round(100.0 * count(d.check_name) FILTER (WHERE d.passed) / nullif(count(d.check_name), 0), 1) AS pass_rate_pct
FROM runs r LEFT JOIN dq_results d USING (run_id)
GROUP BY ALL;
