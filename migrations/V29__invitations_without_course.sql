-- An administrator invites a new instructor with the same one-time links as a roster import; such an
-- invitation belongs to no course, so its course is optional from now on.
ALTER TABLE invitations ALTER COLUMN course_id DROP NOT NULL;
