-- The app's own user columns: Auth.js leaves them to their DEFAULT (or NULL)
-- when it creates a user; the profile page edits bio, an admin sets role.
ALTER TABLE users ADD COLUMN bio TEXT;
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'));
