-- A personal API token may end: past expires_at it signs nobody in. NULL: it lasts until revoked.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
