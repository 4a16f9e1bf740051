-- Who teaches a course: its owner (who created it) and co-instructors the owner or another
-- instructor of the course added. courses.created_by stays as the record of who created it.
CREATE TABLE course_instructors (
    course_id BIGINT      NOT NULL REFERENCES courses (id),
    user_id   BIGINT      NOT NULL REFERENCES users (id),
    role      VARCHAR(16) NOT NULL,
    added_by  BIGINT      NOT NULL REFERENCES users (id),
    added_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (course_id, user_id),
    CONSTRAINT course_instructors_role CHECK (role IN ('owner', 'co-instructor'))
);

CREATE INDEX course_instructors_user_idx ON course_instructors (user_id);

INSERT INTO course_instructors (course_id, user_id, role, added_by, added_at)
SELECT id, created_by, 'owner', created_by, created_at FROM courses;
