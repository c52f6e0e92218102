-- A removed profile stays as a row, so the log, the notes and the posts keep the name of who
-- did what; it leaves the list, cannot be chosen, and its login name is freed for a new one.
ALTER TABLE user ADD COLUMN removed_at TEXT NULL;
