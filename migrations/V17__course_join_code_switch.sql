-- An instructor can close a course to new students without changing its code: a disabled code
-- joins nobody, and enabling it again hands out the same code.
ALTER TABLE courses ADD COLUMN join_code_enabled BOOLEAN NOT NULL DEFAULT TRUE;
