-- One row per progress report (at most about one a second): the live bar reads the last
-- row, the loss curve reads them all.
CREATE TABLE job_progress (
    experiment_id BIGINT      NOT NULL REFERENCES experiments (id),
    seq           INT         NOT NULL,
    phase         VARCHAR(32) NOT NULL,
    step          BIGINT      NOT NULL,
    steps         BIGINT      NOT NULL,
    loss          DOUBLE PRECISION,
    accuracy      DOUBLE PRECISION,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (experiment_id, seq)
);
