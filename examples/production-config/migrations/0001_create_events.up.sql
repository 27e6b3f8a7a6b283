-- What the app records: one row per event a client reports.
CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  kind       TEXT     NOT NULL CHECK (kind IN ('signup', 'purchase', 'error')),
  payload    JSON,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX events_kind_created_idx ON events (kind, created_at);
