-- Columns named like Object.prototype members, and one column per storage kind.
CREATE TABLE protos (
  id INTEGER PRIMARY KEY,
  "constructor" TEXT,
  "toString" TEXT,
  "hasOwnProperty" TEXT,
  "valueOf" INTEGER,
  "__proto__" TEXT,
  other TEXT
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  n INTEGER,
  r REAL,
  big BIGINT,
  t TEXT,
  flag BOOLEAN,
  at DATETIME,
  meta JSON,
  data BLOB
);
