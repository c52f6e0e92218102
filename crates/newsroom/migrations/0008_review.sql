-- Review workflow (issue 5): who is at the keyboard, the state of each post and album, notes
-- between supervisor and author, and an append-only, hash-chained log of every step.

-- The PC's users. `name` is what one types after --as (trimmed, NFC, lowercase, no spaces);
-- `display_name` is shown and used as the author. A supervisor must have a password; only its
-- argon2id hash ("$argon2id$…", with its own random salt) is kept, never the password.
CREATE TABLE user (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE CHECK (name <> ''),
    display_name    TEXT    NOT NULL CHECK (display_name <> ''),
    is_editor       INTEGER NOT NULL DEFAULT 0 CHECK (is_editor IN (0, 1)),
    is_photographer INTEGER NOT NULL DEFAULT 0 CHECK (is_photographer IN (0, 1)),
    is_supervisor   INTEGER NOT NULL DEFAULT 0 CHECK (is_supervisor IN (0, 1)),
    password_hash   TEXT    NULL CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    created_at      TEXT    NOT NULL,
    CHECK (is_editor + is_photographer + is_supervisor > 0),
    CHECK (is_supervisor = 0 OR password_hash IS NOT NULL)
) STRICT;

-- Posts. `state` exists since 0003 without a CHECK, and SQLite cannot add one to an existing
-- column (rebuilding `post` would cascade-delete its revisions), so triggers guard it instead.
-- author_id is NULL for posts made before profiles existed: any editor or photographer may
-- submit those and becomes their author.
ALTER TABLE post ADD COLUMN author_id INTEGER NULL REFERENCES user (id) ON DELETE SET NULL;
-- SHA-256 of the content the supervisor approved (see review.rs for what "content" is).
ALTER TABLE post ADD COLUMN approved_hash TEXT NULL;
-- UTC, when a scheduled post goes out.
ALTER TABLE post ADD COLUMN scheduled_at TEXT NULL;
-- 1 when an approved post was edited and went back to the queue; cleared by the next approval.
ALTER TABLE post ADD COLUMN edited_after_approval INTEGER NOT NULL DEFAULT 0 CHECK (edited_after_approval IN (0, 1));
-- UTC, the last time it entered "submitted": the queue is oldest first by this.
ALTER TABLE post ADD COLUMN submitted_at TEXT NULL;

CREATE TRIGGER post_state_insert BEFORE INSERT ON post
WHEN NEW.state NOT IN ('draft', 'submitted', 'changes_requested', 'approved', 'scheduled', 'published', 'withdrawn')
BEGIN
    SELECT RAISE(ABORT, 'post.state must be a review state');
END;

CREATE TRIGGER post_state_update BEFORE UPDATE OF state ON post
WHEN NEW.state NOT IN ('draft', 'submitted', 'changes_requested', 'approved', 'scheduled', 'published', 'withdrawn')
BEGIN
    SELECT RAISE(ABORT, 'post.state must be a review state');
END;

CREATE INDEX post_by_state ON post (state, submitted_at);

-- Albums go through the same states; theirs is a new column, so it takes a CHECK.
ALTER TABLE album ADD COLUMN state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'submitted', 'changes_requested', 'approved', 'scheduled', 'published', 'withdrawn'));
ALTER TABLE album ADD COLUMN author_id INTEGER NULL REFERENCES user (id) ON DELETE SET NULL;
ALTER TABLE album ADD COLUMN approved_hash TEXT NULL;
ALTER TABLE album ADD COLUMN scheduled_at TEXT NULL;
ALTER TABLE album ADD COLUMN edited_after_approval INTEGER NOT NULL DEFAULT 0 CHECK (edited_after_approval IN (0, 1));
ALTER TABLE album ADD COLUMN submitted_at TEXT NULL;

CREATE INDEX album_by_state ON album (state, submitted_at);

-- Notes on an item: general (passage NULL) or on a quoted passage of its text; replies point
-- at the note they answer. Items are posts or albums, so there is no foreign key on item_id.
CREATE TABLE review_note (
    id          INTEGER PRIMARY KEY,
    item_kind   TEXT    NOT NULL CHECK (item_kind IN ('post', 'album')),
    item_id     INTEGER NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES user (id),
    body        TEXT    NOT NULL CHECK (body <> ''),
    passage     TEXT    NULL CHECK (passage IS NULL OR passage <> ''),
    reply_to    INTEGER NULL REFERENCES review_note (id) ON DELETE CASCADE,
    resolved_at TEXT    NULL,
    resolved_by INTEGER NULL REFERENCES user (id),
    created_at  TEXT    NOT NULL
) STRICT;

CREATE INDEX review_note_by_item ON review_note (item_kind, item_id, id);

-- Who did what, when, on which content. Entries of one item are numbered 1, 2, 3… (seq) and
-- chained: prev_hash is the previous entry's hash (64 zeros for the first), and hash is
-- SHA-256 over prev_hash and the entry's fields (encoding in review.rs). `snapshot` is the
-- content as JSON when it matters later (submit, approve, edit after approval); its SHA-256
-- is content_hash, so it is covered by the chain too. user_id NULL means the system.
CREATE TABLE review_log (
    id           INTEGER PRIMARY KEY,
    item_kind    TEXT    NOT NULL CHECK (item_kind IN ('post', 'album')),
    item_id      INTEGER NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    at           TEXT    NOT NULL,
    user_id      INTEGER NULL REFERENCES user (id),
    action       TEXT    NOT NULL,
    from_state   TEXT    NULL,
    to_state     TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    revision_id  INTEGER NULL,
    note         TEXT    NULL,
    snapshot     TEXT    NULL,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    UNIQUE (item_kind, item_id, seq)
) STRICT;

-- Append-only. Someone with the sqlite3 shell can still drop these; the hash chain is what
-- makes such an edit visible (`toasoan doctor`).
CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
BEGIN
    SELECT RAISE(ABORT, 'review_log is append-only');
END;

CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log
BEGIN
    SELECT RAISE(ABORT, 'review_log is append-only');
END;
