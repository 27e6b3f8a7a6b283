CREATE TABLE todos (
  id         INTEGER PRIMARY KEY,
  title      TEXT     NOT NULL CHECK (length(title) > 0),
  done       BOOLEAN  NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
