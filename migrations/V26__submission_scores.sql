-- Each attempt keeps its own score (before the late penalty) and feedback, so an instructor can
-- pick which attempt counts without grading it again; graded_by is NULL when the server graded it.
ALTER TABLE submissions ADD COLUMN score DOUBLE PRECISION;
ALTER TABLE submissions ADD COLUMN max_score DOUBLE PRECISION;
ALTER TABLE submissions ADD COLUMN feedback VARCHAR(20000);
ALTER TABLE submissions ADD COLUMN graded_by BIGINT REFERENCES users (id);
ALTER TABLE submissions ADD COLUMN graded_at TIMESTAMP WITH TIME ZONE;
