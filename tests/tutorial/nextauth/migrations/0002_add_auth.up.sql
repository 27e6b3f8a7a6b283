-- Auth.js / NextAuth tables (written by `noormc new NAME --auth`).
--
-- Table and column names are the ones Auth.js documents, so `noormc build`
-- recognises them and emits src/db/nextauth.ts with NoormmeAdapter(db):
-- https://authjs.dev/concepts/database-models
--
-- - ids are TEXT: the adapter generates them with crypto.randomUUID().
-- - DATETIME columns are Date in TypeScript, stored as ISO-8601 text (UTC, ms).
-- - BOOLEAN columns are boolean in TypeScript, stored as 0 / 1.
-- - Deleting a user deletes their accounts, sessions and authenticators.
--
-- Add your own user columns in a later migration; the adapter returns and
-- accepts them, typed (see docs/guides/nextauth-setup.md):
--   ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'));

CREATE TABLE users (
  id            TEXT NOT NULL PRIMARY KEY,
  name          TEXT,
  email         TEXT UNIQUE,
  emailVerified DATETIME,
  image         TEXT
);

-- One row per sign-in method linked to a user (OAuth, OIDC, email, WebAuthn).
CREATE TABLE accounts (
  userId            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
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
  userId       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
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
  userId               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  providerAccountId    TEXT NOT NULL,
  credentialPublicKey  TEXT NOT NULL,
  counter              INTEGER NOT NULL,
  credentialDeviceType TEXT NOT NULL,
  credentialBackedUp   BOOLEAN NOT NULL,
  transports           TEXT,
  PRIMARY KEY (userId, credentialID)
);
