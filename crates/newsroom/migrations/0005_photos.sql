-- The photo library (issue 4). Files live beside the store: originals byte-for-byte under
-- photos/originals/, renditions under photos/renditions/; paths here are relative to the data folder.
CREATE TABLE photo (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT    NOT NULL UNIQUE,
    original_path TEXT    NOT NULL,
    bytes         INTEGER NOT NULL,
    -- As shown, after the EXIF orientation.
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    taken_at      TEXT,
    caption       TEXT    NOT NULL DEFAULT '',
    alt_text      TEXT    NOT NULL DEFAULT '',
    credit        TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE rendition (
    photo_id  INTEGER NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
    long_edge INTEGER NOT NULL,
    path      TEXT    NOT NULL,
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    bytes     INTEGER NOT NULL,
    PRIMARY KEY (photo_id, long_edge)
) STRICT;
