-- An instructor marks a finished experiment as a course's baseline: the course's students can
-- open it and start PTQ/QAT from its parameters without retraining.
ALTER TABLE experiments ADD COLUMN baseline_course_id BIGINT REFERENCES courses (id);
