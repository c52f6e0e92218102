-- Albums (issue 4): photos from one event in the photographer's order, with a cover, a title, the
-- event's day, a description and a credit. A photo may be in several albums.
CREATE TABLE album (
    id             INTEGER PRIMARY KEY,
    title          TEXT    NOT NULL,
    -- YYYY-MM-DD, the day of the event.
    event_date     TEXT    NULL CHECK (event_date IS NULL OR event_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    description    TEXT    NOT NULL DEFAULT '',
    credit         TEXT    NOT NULL DEFAULT '',
    -- As chosen; NULL means the first photo is the cover.
    cover_photo_id INTEGER NULL REFERENCES photo (id) ON DELETE SET NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;

CREATE TABLE album_photo (
    album_id INTEGER NOT NULL REFERENCES album (id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
    -- 0, 1, 2… in the album's order, kept dense.
    position INTEGER NOT NULL,
    PRIMARY KEY (album_id, photo_id)
) STRICT;

CREATE INDEX album_photo_order ON album_photo (album_id, position);
-- Deleting a photo finds its album rows by this.
CREATE INDEX album_photo_photo ON album_photo (photo_id);

-- Bumped whenever a photo's renditions are made again, so the window drops cached thumbnails.
ALTER TABLE photo ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
