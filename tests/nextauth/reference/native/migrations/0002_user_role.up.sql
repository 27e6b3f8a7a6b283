-- An app's own user column, added after the Auth.js tables: the adapter
-- returns it on every user and accepts it in createUser / updateUser, typed.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'));
