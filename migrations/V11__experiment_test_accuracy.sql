-- A training's test accuracy gets a column of its own, so the leaderboard sorts and limits in SQL.
ALTER TABLE experiments ADD COLUMN test_accuracy DOUBLE PRECISION;

-- Earlier trainings are filled from their metrics. H2 and PostgreSQL share no JSON function, but the
-- one mapper writes TrainMetrics compactly with testAccuracy first: {"testAccuracy":85.48,...}.
-- A row not of that shape (or with a non-finite accuracy) stays NULL rather than fail the migration.
UPDATE experiments
SET test_accuracy = CAST(SUBSTRING(metrics FROM 17 FOR POSITION(',' IN metrics) - 17) AS DOUBLE PRECISION)
WHERE metrics LIKE '{"testAccuracy":%,%'
  AND SUBSTRING(metrics FROM 17 FOR 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

CREATE INDEX experiments_leaderboard_idx ON experiments (kind, status, test_accuracy DESC NULLS LAST, id);
