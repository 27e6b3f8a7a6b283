-- The schema of docs/guides/relationships.md: one table per kind of relation.
CREATE TABLE users (
  id    INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name  TEXT
);

-- has-one: user_id is UNIQUE, so a user has at most one profile.
CREATE TABLE profiles (
  id      INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  bio     TEXT
);

-- belongs-to and has-many, twice to the same parent.
CREATE TABLE posts (
  id        INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  editor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  title     TEXT NOT NULL
);
CREATE INDEX posts_author_idx ON posts (author_id);
CREATE INDEX posts_editor_idx ON posts (editor_id);

-- A self-reference: a comment answers another comment.
CREATE TABLE comments (
  id        INTEGER PRIMARY KEY,
  post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
  body      TEXT NOT NULL
);
CREATE INDEX comments_post_idx ON comments (post_id);
CREATE INDEX comments_parent_idx ON comments (parent_id);

-- many-to-many: the join table's primary key is its two foreign keys.
CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE post_tags (
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, tag_id)
) WITHOUT ROWID;

-- A self-referencing many-to-many: users follow users.
CREATE TABLE follows (
  follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  followee_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
CREATE INDEX follows_followee_idx ON follows (followee_id);
