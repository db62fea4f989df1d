-- Quarantine per run: how many rows or files each check rejected, by stage (no row for a run without rejects).
-- Columns: `run_id`, `started_at` (of the run), `stage` (discover, read, parse, extract, validate, load),
-- `table_name` (table the rows were meant for; null for whole files), `check_name`, `rejects` (reject rows),
-- `inputs` (distinct input files and lines).
CREATE OR REPLACE VIEW rejects_per_run AS
SELECT j.run_id, r.started_at, j.stage, j.table_name, j.check_name, count(*) AS rejects,
       count(DISTINCT j.source_uri) AS inputs
FROM rejects j LEFT JOIN runs r USING (run_id)
GROUP BY j.run_id, r.started_at, j.stage, j.table_name, j.check_name;
