-- Users of the blog.
CREATE TABLE users (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  email      TEXT    NOT NULL UNIQUE,
  name       TEXT,
  role       TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'editor', 'admin')),
  is_active  BOOLEAN NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
