-- When a person last used QuantLab (a page or an API call), for the roster; written at most
-- about once a minute per person, not on every request.
ALTER TABLE users ADD COLUMN last_active_at TIMESTAMP WITH TIME ZONE;
