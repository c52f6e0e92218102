-- Portal sync (issue 6). The outbox: one row per change to send, written in the same
-- transaction as the change; the sender makes the portal's copy match the item as it is when
-- sent, oldest entry first per item, and marks every entry it covered.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    item_kind   TEXT    NOT NULL CHECK (item_kind IN ('post', 'album')),
    item_id     INTEGER NOT NULL,
    -- What happened: the review action ("submit", "approve"…) or "edit".
    reason      TEXT    NOT NULL,
    -- Whose portal login sends it: the profile that made the change (NULL: the PC's only login).
    user_id     INTEGER NULL REFERENCES user (id),
    created_at  TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'waiting'
                CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'cancelled', 'conflict')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- Not before this time (exponential backoff with jitter after a transient failure).
    next_at     TEXT    NULL,
    -- When a sender took it ("sending"): one left that way long ago is from a sender that died.
    claimed_at  TEXT    NULL,
    error_code  TEXT    NULL,
    error       TEXT    NULL,
    done_at     TEXT    NULL
) STRICT;
CREATE INDEX outbox_open ON outbox (state, item_kind, item_id, id);

-- The portal's copy of each item that has one (or is being created: remote_id NULL and the
-- marker slug recorded first, so a create whose answer was lost is found, not repeated).
CREATE TABLE portal_item (
    item_kind     TEXT    NOT NULL CHECK (item_kind IN ('post', 'album')),
    item_id       INTEGER NOT NULL,
    marker        TEXT    NOT NULL UNIQUE,
    remote_id     INTEGER NULL UNIQUE,
    remote_status TEXT    NULL,
    link          TEXT    NULL,
    -- The portal's modified_gmt as last seen: an update is sent only while it still matches.
    modified_gmt  TEXT    NULL,
    PRIMARY KEY (item_kind, item_id)
) STRICT;

-- Photos already on the portal, so none is uploaded twice.
CREATE TABLE portal_media (
    photo_id   INTEGER PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
    remote_id  INTEGER NOT NULL,
    source_url TEXT    NOT NULL,
    -- The photo's version when uploaded: a new crop or turn uploads again.
    version    INTEGER NOT NULL
) STRICT;

-- The portal's copy that changed there while a local change waited: kept beside the local
-- one until the person chooses (keep mine, take theirs, or merge by hand).
CREATE TABLE portal_conflict (
    item_kind    TEXT    NOT NULL,
    item_id      INTEGER NOT NULL,
    remote_id    INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    content_html TEXT    NOT NULL,
    excerpt      TEXT    NOT NULL,
    modified_gmt TEXT    NOT NULL,
    found_at     TEXT    NOT NULL,
    PRIMARY KEY (item_kind, item_id)
) STRICT;

-- Categories and tags as the portal has them, for choosing offline and mapping names to ids.
CREATE TABLE portal_term (
    taxonomy  TEXT    NOT NULL CHECK (taxonomy IN ('category', 'post_tag')),
    remote_id INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    slug      TEXT    NOT NULL,
    PRIMARY KEY (taxonomy, remote_id)
) STRICT;
