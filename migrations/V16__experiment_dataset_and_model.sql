-- Every kind of experiment names the data set and model it is about (a quantization, those of its
-- parent); as columns, the leaderboard filters by them in SQL and lists the pairs there are.
ALTER TABLE experiments ADD COLUMN dataset VARCHAR(64);
ALTER TABLE experiments ADD COLUMN model VARCHAR(64);

-- Earlier experiments are filled from their stored config. H2 and PostgreSQL share no JSON function,
-- but the one mapper writes it compactly, and data set and model names are [a-z0-9-] (no quote or
-- escape): {"dataset":"fashion-mnist","model":"small-cnn",...} or {"parent":7,"dataset":...}.
UPDATE experiments
SET dataset = SUBSTRING(config FROM POSITION('"dataset":"' IN config) + 11
        FOR POSITION('"' IN SUBSTRING(config FROM POSITION('"dataset":"' IN config) + 11)) - 1)
WHERE POSITION('"dataset":"' IN config) > 0;
UPDATE experiments
SET model = SUBSTRING(config FROM POSITION('"model":"' IN config) + 9
        FOR POSITION('"' IN SUBSTRING(config FROM POSITION('"model":"' IN config) + 9)) - 1)
WHERE POSITION('"model":"' IN config) > 0;

CREATE INDEX experiments_board_idx ON experiments (dataset, model, status);
