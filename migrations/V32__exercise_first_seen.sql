-- When a student first opened the exercise: from then on its questions (each student's numbers),
-- rubric, data set and model may no longer change. NULL while no student has opened it.
ALTER TABLE exercises ADD COLUMN first_seen_at TIMESTAMP WITH TIME ZONE;
