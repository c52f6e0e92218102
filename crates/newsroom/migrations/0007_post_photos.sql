-- Photos in posts (issue 4): a post's featured photo, and each photo's turn and crop, applied when
-- its renditions are made again from the untouched original.
ALTER TABLE post ADD COLUMN featured_photo_id INTEGER NULL REFERENCES photo (id) ON DELETE SET NULL;
-- Clockwise quarter turns after the EXIF orientation.
ALTER TABLE photo ADD COLUMN quarter_turns INTEGER NOT NULL DEFAULT 0 CHECK (quarter_turns BETWEEN 0 AND 3);
-- "x,y,w,h" as fractions of the turned photo; NULL keeps the whole photo.
ALTER TABLE photo ADD COLUMN crop TEXT NULL;
