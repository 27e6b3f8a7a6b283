-- The Auth.js tables under a second naming, as NOORMME v1 and many hand-written
-- schemas have them: singular tables, snake_case columns, surrogate TEXT ids on
-- account and session, dates in TEXT columns (ISO-8601) and a boolean in an
-- INTEGER column, plus bookkeeping columns that Auth.js does not know.
CREATE TABLE user (
  id             TEXT NOT NULL PRIMARY KEY,
  name           TEXT,
  email          TEXT UNIQUE,
  email_verified TEXT,
  image          TEXT,
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at     DATETIME
);

CREATE TABLE account (
  id                  TEXT NOT NULL PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  type                TEXT NOT NULL,
  provider            TEXT NOT NULL,
  provider_account_id TEXT NOT NULL,
  refresh_token       TEXT,
  access_token        TEXT,
  expires_at          INTEGER,
  token_type          TEXT,
  scope               TEXT,
  id_token            TEXT,
  session_state       TEXT,
  refresh_token_expires_in INTEGER,
  created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (provider, provider_account_id)
);

CREATE INDEX account_user_id_idx ON account (user_id);

CREATE TABLE session (
  id            TEXT NOT NULL PRIMARY KEY,
  session_token TEXT NOT NULL UNIQUE,
  user_id       TEXT NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  expires       TEXT NOT NULL
);

CREATE INDEX session_user_id_idx ON session (user_id);

CREATE TABLE verification_token (
  identifier TEXT NOT NULL,
  token      TEXT NOT NULL,
  expires    TEXT NOT NULL,
  PRIMARY KEY (identifier, token)
);

CREATE TABLE authenticator (
  credential_id          TEXT NOT NULL PRIMARY KEY,
  user_id                TEXT NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  provider_account_id    TEXT NOT NULL,
  credential_public_key  TEXT NOT NULL,
  counter                INTEGER NOT NULL,
  credential_device_type TEXT NOT NULL,
  credential_backed_up   INTEGER NOT NULL,
  transports             TEXT
);

CREATE INDEX authenticator_user_id_idx ON authenticator (user_id);
