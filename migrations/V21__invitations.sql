-- Students created by a roster import get an invitation instead of a password: a one-time link
-- (only its SHA-256 is stored) on which they choose their own password. The account's stored
-- password hash until then is of a random secret nobody knows.
CREATE TABLE invitations (
    token_hash VARCHAR(64) PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    course_id  BIGINT      NOT NULL REFERENCES courses (id),
    created_by BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX invitations_user_idx ON invitations (user_id);
