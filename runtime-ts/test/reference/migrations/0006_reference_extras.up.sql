-- Reference-only additions to examples/blog (runtime-ts tests): a has-one
-- relation (unique FK), BLOB, BIGINT, DATE columns, a generated column and a
-- self-reference.
CREATE TABLE profiles (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  avatar       BLOB,
  followers    BIGINT  NOT NULL DEFAULT 0,
  birthday     DATE,
  last_seen_at DATETIME,
  website      TEXT,
  handle       TEXT GENERATED ALWAYS AS (lower(coalesce(website, 'user-' || user_id))) VIRTUAL
);

ALTER TABLE comments ADD COLUMN parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE;
