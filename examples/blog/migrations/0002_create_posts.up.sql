CREATE TABLE posts (
  id           INTEGER PRIMARY KEY,
  author_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title        TEXT    NOT NULL,
  body         TEXT,
  status       TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  metadata     JSON,
  published_at DATETIME,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX posts_author_idx ON posts (author_id);
CREATE INDEX posts_status_published_idx ON posts (status, published_at DESC) WHERE status = 'published';
