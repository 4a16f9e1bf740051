-- A target result's hidden-split evaluation runs as a job (DESIGN.md: evaluation never runs on a
-- web request): the row is stored QUEUED when the attempt is handed in, with the numbers checked
-- from the experiment's stored metrics, and the job fills hidden_accuracy, evaluated_in,
-- evaluation_ms and evaluated_at when it ends DONE, or error when it ends FAILED (a model that
-- cannot be run). status and restarts are those of every job table (jobs/JobTable); rows stored
-- before this were evaluated on the request and are DONE.
ALTER TABLE target_results ADD COLUMN status VARCHAR(16) DEFAULT 'DONE' NOT NULL;
ALTER TABLE target_results ADD COLUMN restarts INT DEFAULT 0 NOT NULL;
ALTER TABLE target_results ADD COLUMN error VARCHAR(2000);
ALTER TABLE target_results ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;
UPDATE target_results SET finished_at = evaluated_at;
ALTER TABLE target_results ALTER COLUMN hidden_accuracy DROP NOT NULL;
ALTER TABLE target_results ALTER COLUMN evaluated_in DROP NOT NULL;
ALTER TABLE target_results ALTER COLUMN evaluation_ms DROP NOT NULL;
ALTER TABLE target_results ALTER COLUMN evaluated_at DROP NOT NULL;
