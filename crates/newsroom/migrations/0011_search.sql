-- Search (issue 7). One FTS5 index over posts, albums, photos, people and the portal's archive.
-- Each word is indexed twice, as its folded form and as its exact key ("người" → "nguoi" and
-- "nguoi_nguwowi2"), both made by the Rust function search_keys() (registered, with
-- search_html() and search_meeting(), on every connection the store opens): "nguoi" finds
-- every spelling, "nguoi_nguwowi2" the exact one, and "ng"* (on the prefix index) what is
-- being typed. detail=column: no positions (snippets are cut in Rust), a third of the size.
-- Contentless: the texts stay in their own tables.
-- rowid = the item's id * 8 + its kind: 0 post, 1 album, 2 photo, 3 person, 4 archive.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    content = '',
    contentless_delete = 1,
    detail = column,
    prefix = '2 3',
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);

-- The portal's published posts, pulled for reading offline (read-only here).
CREATE TABLE archive_post (
    remote_id    INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    -- Sanitised like a post's body; the portal's images are not kept.
    content_html TEXT    NOT NULL,
    excerpt      TEXT    NOT NULL DEFAULT '',
    link         TEXT    NOT NULL DEFAULT '',
    -- UTC, RFC 3339 ("2020-01-16T04:19:00Z").
    published_at TEXT    NOT NULL,
    modified_gmt TEXT    NOT NULL DEFAULT '',
    -- The category names, comma separated.
    categories   TEXT    NOT NULL DEFAULT '',
    pulled_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX archive_by_date ON archive_post (published_at DESC, remote_id DESC);

-- What each item's two columns say, one view per kind: the triggers and a rebuild read them.
CREATE VIEW search_post_doc (id, title, body) AS
SELECT p.id, search_keys(p.title),
       search_keys(p.sapo || ' ' || search_html(p.body_html) || ' ' || p.tags || ' ' || p.signature || ' '
                   || coalesce((SELECT search_meeting(m.meeting) FROM post_meeting m WHERE m.post_id = p.id), ''))
FROM post p
-- A post in the bin is not found; restored, it is again.
WHERE p.deleted_at IS NULL;

CREATE VIEW search_album_doc (id, title, body) AS
SELECT a.id, search_keys(a.title),
       search_keys(a.description || ' ' || a.credit || ' '
                   || coalesce((SELECT group_concat(ph.caption, ' ') FROM album_photo ap JOIN photo ph ON ph.id = ap.photo_id
                                WHERE ap.album_id = a.id), ''))
FROM album a;

CREATE VIEW search_photo_doc (id, title, body) AS
SELECT id, search_keys(caption), search_keys(alt_text || ' ' || credit) FROM photo;

CREATE VIEW search_person_doc (id, title, body) AS
SELECT p.id, search_keys(p.name),
       search_keys(p.unit || ' ' || p.note || ' '
                   || coalesce((SELECT group_concat(t.title || ' ' || t.unit, ' ') FROM person_title t
                                WHERE t.person_id = p.id), ''))
FROM person p;

CREATE VIEW search_archive_doc (id, title, body) AS
SELECT remote_id, search_keys(title), search_keys(search_html(excerpt) || ' ' || search_html(content_html) || ' ' || categories)
FROM archive_post;

-- Posts.
CREATE TRIGGER search_post_ai AFTER INSERT ON post BEGIN
    INSERT INTO search_index (rowid, title, body) SELECT id * 8, title, body FROM search_post_doc WHERE id = NEW.id;
END;
CREATE TRIGGER search_post_au AFTER UPDATE OF title, sapo, body_html, tags, signature, deleted_at ON post BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8, title, body FROM search_post_doc WHERE id = NEW.id;
END;
CREATE TRIGGER search_post_ad AFTER DELETE ON post BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8;
END;
CREATE TRIGGER search_meeting_ai AFTER INSERT ON post_meeting BEGIN
    DELETE FROM search_index WHERE rowid = NEW.post_id * 8;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8, title, body FROM search_post_doc WHERE id = NEW.post_id;
END;
CREATE TRIGGER search_meeting_au AFTER UPDATE OF meeting ON post_meeting BEGIN
    DELETE FROM search_index WHERE rowid = NEW.post_id * 8;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8, title, body FROM search_post_doc WHERE id = NEW.post_id;
END;

-- Albums, and the captions of their photos.
CREATE TRIGGER search_album_ai AFTER INSERT ON album BEGIN
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 1, title, body FROM search_album_doc WHERE id = NEW.id;
END;
CREATE TRIGGER search_album_au AFTER UPDATE OF title, description, credit ON album BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 1;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 1, title, body FROM search_album_doc WHERE id = NEW.id;
END;
CREATE TRIGGER search_album_ad AFTER DELETE ON album BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 1;
END;
CREATE TRIGGER search_album_photo_ai AFTER INSERT ON album_photo BEGIN
    DELETE FROM search_index WHERE rowid = NEW.album_id * 8 + 1;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 1, title, body FROM search_album_doc WHERE id = NEW.album_id;
END;
CREATE TRIGGER search_album_photo_ad AFTER DELETE ON album_photo BEGIN
    DELETE FROM search_index WHERE rowid = OLD.album_id * 8 + 1;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 1, title, body FROM search_album_doc WHERE id = OLD.album_id;
END;

-- Photos (and the albums that show their captions).
CREATE TRIGGER search_photo_ai AFTER INSERT ON photo BEGIN
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 2, title, body FROM search_photo_doc WHERE id = NEW.id;
END;
CREATE TRIGGER search_photo_au AFTER UPDATE OF caption, alt_text, credit ON photo BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 2;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 2, title, body FROM search_photo_doc WHERE id = NEW.id;
    DELETE FROM search_index WHERE rowid IN (SELECT album_id * 8 + 1 FROM album_photo WHERE photo_id = NEW.id);
    INSERT INTO search_index (rowid, title, body)
    SELECT id * 8 + 1, title, body FROM search_album_doc WHERE id IN (SELECT album_id FROM album_photo WHERE photo_id = NEW.id);
END;
CREATE TRIGGER search_photo_ad AFTER DELETE ON photo BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 2;
END;

-- People and their titles.
CREATE TRIGGER search_person_ai AFTER INSERT ON person BEGIN
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 3, title, body FROM search_person_doc WHERE id = NEW.id;
END;
CREATE TRIGGER search_person_au AFTER UPDATE OF name, unit, note ON person BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 3;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 3, title, body FROM search_person_doc WHERE id = NEW.id;
END;
CREATE TRIGGER search_person_ad AFTER DELETE ON person BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 3;
END;
CREATE TRIGGER search_person_title_ai AFTER INSERT ON person_title BEGIN
    DELETE FROM search_index WHERE rowid = NEW.person_id * 8 + 3;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 3, title, body FROM search_person_doc WHERE id = NEW.person_id;
END;
CREATE TRIGGER search_person_title_au AFTER UPDATE ON person_title BEGIN
    DELETE FROM search_index WHERE rowid IN (OLD.person_id * 8 + 3, NEW.person_id * 8 + 3);
    INSERT INTO search_index (rowid, title, body)
    SELECT id * 8 + 3, title, body FROM search_person_doc WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER search_person_title_ad AFTER DELETE ON person_title BEGIN
    DELETE FROM search_index WHERE rowid = OLD.person_id * 8 + 3;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 3, title, body FROM search_person_doc WHERE id = OLD.person_id;
END;

-- The archive.
CREATE TRIGGER search_archive_ai AFTER INSERT ON archive_post BEGIN
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 4, title, body FROM search_archive_doc WHERE id = NEW.remote_id;
END;
CREATE TRIGGER search_archive_au AFTER UPDATE ON archive_post BEGIN
    DELETE FROM search_index WHERE rowid = OLD.remote_id * 8 + 4;
    INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 4, title, body FROM search_archive_doc WHERE id = NEW.remote_id;
END;
CREATE TRIGGER search_archive_ad AFTER DELETE ON archive_post BEGIN
    DELETE FROM search_index WHERE rowid = OLD.remote_id * 8 + 4;
END;

-- What is already there.
INSERT INTO search_index (rowid, title, body) SELECT id * 8, title, body FROM search_post_doc;
INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 1, title, body FROM search_album_doc;
INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 2, title, body FROM search_photo_doc;
INSERT INTO search_index (rowid, title, body) SELECT id * 8 + 3, title, body FROM search_person_doc;
