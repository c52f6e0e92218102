-- A meeting report's structured fields, and what the template last wrote from them (so a
-- second run can tell the editor's changes from its own paragraphs).
CREATE TABLE post_meeting (
    post_id    INTEGER PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE,
    meeting    TEXT    NOT NULL,
    generated  TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
