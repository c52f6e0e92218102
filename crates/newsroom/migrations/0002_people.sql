-- The people directory: officials, their unit, and each title with the dates it was held.
-- Units change (the 2025 reorganisation), so a title keeps the unit of its day and a person
-- may hold several titles over time. Dates are 'YYYY-MM-DD' (they sort as text); NULL means
-- "not known / still held".
CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (name <> ''),
    -- The name lowercased, diacritics removed, đ→d, single spaces: accent-insensitive search.
    name_folded TEXT NOT NULL,
    -- The person's unit now; with the name it tells two namesakes apart.
    unit        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX person_by_name_unit ON person (name, unit);
CREATE INDEX person_by_folded_name ON person (name_folded);

CREATE TABLE person_title (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    title      TEXT NOT NULL CHECK (title <> ''),
    -- The unit the title belonged to at the time ("UBND quận Tây Hồ" before 2025-07-01).
    unit       TEXT NOT NULL DEFAULT '',
    held_from  TEXT CHECK (held_from IS NULL OR held_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    held_until TEXT CHECK (held_until IS NULL OR held_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CHECK (held_from IS NULL OR held_until IS NULL OR held_until >= held_from)
) STRICT;

-- One row per title held from a given day: re-importing a list updates instead of duplicating.
CREATE UNIQUE INDEX person_title_once ON person_title (person_id, title, unit, coalesce(held_from, ''));
