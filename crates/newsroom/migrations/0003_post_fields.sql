-- The rest of a post's fields, and its revisions.
ALTER TABLE post ADD COLUMN sapo TEXT NOT NULL DEFAULT '';
-- A JSON array of tag names, in the editor's order.
ALTER TABLE post ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE post ADD COLUMN slug TEXT NOT NULL DEFAULT '';
-- 1 once the editor typed the slug: it then no longer follows the title.
ALTER TABLE post ADD COLUMN slug_manual INTEGER NOT NULL DEFAULT 0 CHECK (slug_manual IN (0, 1));
ALTER TABLE post ADD COLUMN state TEXT NOT NULL DEFAULT 'draft';

-- Slugs are unique among posts that have one (the bin included: a restored post keeps its slug).
CREATE UNIQUE INDEX post_slug ON post (slug) WHERE slug <> '';

CREATE TABLE post_revision (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    -- 'autosave' (one per burst of typing), 'version' (saved by hand), 'restore' (the text
    -- replaced by a restore), later 'submit'.
    kind       TEXT    NOT NULL,
    -- What the editor called a version saved by hand.
    label      TEXT    NOT NULL DEFAULT '',
    title      TEXT    NOT NULL,
    sapo       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    -- An autosave revision keeps absorbing saves until typing pauses; this is its last save.
    updated_at TEXT    NOT NULL
) STRICT;

CREATE INDEX post_revision_by_post ON post_revision (post_id, id DESC);
