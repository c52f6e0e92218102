-- Posts and the settings the window remembers. Times are UTC RFC 3339 strings
-- ("2020-01-16T04:19:00Z"), so they sort as text; the UI shows them in Asia/Ho_Chi_Minh.
CREATE TABLE post (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    body_html    TEXT    NOT NULL DEFAULT '',
    category     TEXT    NOT NULL DEFAULT '',
    signature    TEXT    NOT NULL DEFAULT '',
    published_at TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    -- Set when the post is moved to the bin; cleared when it is restored.
    deleted_at   TEXT,
    -- The demo meeting report seeded on a newcomer's first start.
    is_sample    INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0, 1))
) STRICT;

CREATE INDEX post_by_update ON post (deleted_at, updated_at DESC, id DESC);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
