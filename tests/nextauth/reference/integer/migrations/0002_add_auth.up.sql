-- Auth.js / NextAuth: the tables and columns this schema lacked (written by
-- `noormc new NAME --auth` for a schema that already has users).
--
-- Table and column names are the ones Auth.js documents, so `noormc build`
-- recognises them and emits src/db/nextauth.ts with NoormmeAdapter(db):
-- https://authjs.dev/concepts/database-models
--
-- - users.id is INTEGER: the adapter converts it to and from the string ids
--   Auth.js uses ('42'), and SQLite assigns the ids of the users Auth.js creates.
-- - Columns are added with ALTER TABLE ADD COLUMN, nullable (SQLite adds them to
--   existing rows as NULL; Auth.js leaves them out for some users).
-- - DATETIME columns are Date in TypeScript, stored as ISO-8601 text (UTC, ms).
-- - Deleting a user deletes their accounts, sessions and authenticators.

ALTER TABLE users ADD COLUMN email_verified DATETIME;
ALTER TABLE users ADD COLUMN image TEXT;

-- One row per sign-in method linked to a user (OAuth, OIDC, email, WebAuthn).
CREATE TABLE accounts (
  userId            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type              TEXT NOT NULL,
  provider          TEXT NOT NULL,
  providerAccountId TEXT NOT NULL,
  refresh_token     TEXT,
  access_token      TEXT,
  expires_at        INTEGER,
  token_type        TEXT,
  scope             TEXT,
  id_token          TEXT,
  session_state     TEXT,
  PRIMARY KEY (provider, providerAccountId)
);

CREATE INDEX accounts_userId_idx ON accounts (userId);

-- Database sessions: looked up by sessionToken on every request.
CREATE TABLE sessions (
  sessionToken TEXT NOT NULL PRIMARY KEY,
  userId       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires      DATETIME NOT NULL
);

CREATE INDEX sessions_userId_idx ON sessions (userId);

-- Magic-link (email) tokens: used once, then deleted.
CREATE TABLE verification_tokens (
  identifier TEXT NOT NULL,
  token      TEXT NOT NULL,
  expires    DATETIME NOT NULL,
  PRIMARY KEY (identifier, token)
);

-- WebAuthn / passkeys.
CREATE TABLE authenticators (
  credentialID         TEXT NOT NULL UNIQUE,
  userId               INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  providerAccountId    TEXT NOT NULL,
  credentialPublicKey  TEXT NOT NULL,
  counter              INTEGER NOT NULL,
  credentialDeviceType TEXT NOT NULL,
  credentialBackedUp   BOOLEAN NOT NULL,
  transports           TEXT,
  PRIMARY KEY (userId, credentialID)
);
