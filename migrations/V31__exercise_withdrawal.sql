-- An exercise with attempts is withdrawn instead of deleted (issue 14): kept with every attempt
-- and grade, hidden from its students and closed to new attempts; NULL while it is offered.
-- Its instructors still see it, marked, and can restore it (withdrawn_at back to NULL).
ALTER TABLE exercises ADD COLUMN withdrawn_at TIMESTAMP WITH TIME ZONE;
