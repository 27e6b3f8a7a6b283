-- An app that had users (INTEGER ids) before it added Auth.js.
CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  email      TEXT UNIQUE,
  name       TEXT,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE posts (
  id        INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title     TEXT NOT NULL
);

CREATE INDEX posts_author_id_idx ON posts (author_id);
