-- Lists at scale (issue 7): every list is read a page at a time by keyset (the last row's sort
-- key, never OFFSET), on an index in the list's own order; and the counts the lists show are
-- kept by triggers, so nothing scans 100,000 posts or 500,000 photos to say how many there are.

-- The library, newest taken first; photos without a time after those with one.
CREATE INDEX photo_by_taken ON photo (coalesce(taken_at, '') DESC, created_at DESC, id DESC);
-- Albums by the event's day (else the day of their last change, in Vietnam).
CREATE INDEX album_by_day ON album (coalesce(event_date, date(updated_at, '+7 hours')) DESC, updated_at DESC, id DESC);

CREATE TABLE tally (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO tally (name, n) VALUES
    ('posts', (SELECT count(*) FROM post WHERE deleted_at IS NULL)),
    ('bin', (SELECT count(*) FROM post WHERE deleted_at IS NOT NULL)),
    ('albums', (SELECT count(*) FROM album)),
    ('photos', (SELECT count(*) FROM photo));

CREATE TRIGGER tally_post_ai AFTER INSERT ON post BEGIN
    UPDATE tally SET n = n + 1 WHERE name = CASE WHEN NEW.deleted_at IS NULL THEN 'posts' ELSE 'bin' END;
END;
CREATE TRIGGER tally_post_ad AFTER DELETE ON post BEGIN
    UPDATE tally SET n = n - 1 WHERE name = CASE WHEN OLD.deleted_at IS NULL THEN 'posts' ELSE 'bin' END;
END;
CREATE TRIGGER tally_post_bin AFTER UPDATE OF deleted_at ON post
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
    UPDATE tally SET n = n - 1 WHERE name = CASE WHEN OLD.deleted_at IS NULL THEN 'posts' ELSE 'bin' END;
    UPDATE tally SET n = n + 1 WHERE name = CASE WHEN NEW.deleted_at IS NULL THEN 'posts' ELSE 'bin' END;
END;
CREATE TRIGGER tally_album_ai AFTER INSERT ON album BEGIN UPDATE tally SET n = n + 1 WHERE name = 'albums'; END;
CREATE TRIGGER tally_album_ad AFTER DELETE ON album BEGIN UPDATE tally SET n = n - 1 WHERE name = 'albums'; END;
CREATE TRIGGER tally_photo_ai AFTER INSERT ON photo BEGIN UPDATE tally SET n = n + 1 WHERE name = 'photos'; END;
CREATE TRIGGER tally_photo_ad AFTER DELETE ON photo BEGIN UPDATE tally SET n = n - 1 WHERE name = 'photos'; END;
