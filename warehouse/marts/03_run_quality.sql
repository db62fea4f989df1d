-- Data quality per run: checks passed, rows rejected. One row per run (runs without dq_results have 0 checks
-- and a null pass rate). Columns: `run_id`, `started_at`, `status`, `files_seen`, `files_loaded`,
-- `files_duplicate`, `files_rejected`, `articles`, `events`, `rejects` (as in `runs`), `checks` (dq_results
-- rows), `checks_passed`, `pass_rate_pct` (100 * checks_passed / checks, one decimal).
CREATE OR REPLACE VIEW run_quality AS
SELECT r.run_id, r.started_at, r.status, r.files_seen, r.files_loaded, r.files_duplicate, r.files_rejected,
       r.articles, r.events, r.rejects,
       count(d.check_name) AS checks, count(d.check_name) FILTER (WHERE d.passed) AS checks_passed,
       round(100.0 * count(d.check_name) FILTER (WHERE d.passed) / nullif(count(d.check_name), 0), 1) AS pass_rate_pct
FROM runs r LEFT JOIN dq_results d USING (run_id)
GROUP BY ALL;
