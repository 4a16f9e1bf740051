-- A job whose worker stops before the job ends (a crash, a restart) goes back in the queue and
-- starts over. restarts counts those returns, so a page can say "restarted after a server
-- restart", and fences each run: a run writes only while its job still carries the count it
-- began with, so a run given up for dead can no longer touch the job.
ALTER TABLE experiments ADD COLUMN restarts INT NOT NULL DEFAULT 0;
ALTER TABLE imported_models ADD COLUMN restarts INT NOT NULL DEFAULT 0;
ALTER TABLE dataset_imports ADD COLUMN restarts INT NOT NULL DEFAULT 0;
