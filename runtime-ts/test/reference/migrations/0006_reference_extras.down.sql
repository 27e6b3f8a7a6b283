-- A column used by a foreign key cannot be dropped: rebuild comments.
CREATE TABLE comments_new (
  id         INTEGER PRIMARY KEY,
  post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  body       TEXT    NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO comments_new (id, post_id, author_id, body, created_at)
  SELECT id, post_id, author_id, body, created_at FROM comments;
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;
CREATE INDEX comments_post_idx ON comments (post_id);

DROP TABLE profiles;
