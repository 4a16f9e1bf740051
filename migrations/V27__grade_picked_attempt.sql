-- TRUE when an instructor picked the attempt that counts: a later attempt then leaves the grade alone.
ALTER TABLE grades ADD COLUMN picked BOOLEAN NOT NULL DEFAULT FALSE;
