-- A short-answer (essay) exercise is graded with a rubric: JSON, a list of criteria with their
-- points, e.g. [{"criterion":"names per-channel scales","points":2}]. NULL for other kinds.
ALTER TABLE exercises ADD COLUMN rubric VARCHAR(8000);
ALTER TABLE exercises ADD CONSTRAINT exercises_rubric_only_essays CHECK (rubric IS NULL OR kind = 'essay');
