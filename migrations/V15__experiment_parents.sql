-- A quantization is an experiment of its own kind with a parent training, and identical requests
-- (same parent checkpoint, canonical settings and seed) share one key, so a result is reused, not
-- computed again (DESIGN.md, "Jobs").
ALTER TABLE experiments ADD COLUMN parent_id BIGINT REFERENCES experiments (id);
ALTER TABLE experiments ADD COLUMN reuse_key VARCHAR(64);

CREATE INDEX experiments_parent_idx ON experiments (parent_id);
CREATE INDEX experiments_reuse_idx ON experiments (reuse_key, status);
