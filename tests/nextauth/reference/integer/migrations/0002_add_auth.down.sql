-- Reverses the Auth.js tables and columns: the new tables (with their indexes), then what was added to users.
DROP TABLE authenticators;
DROP TABLE verification_tokens;
DROP TABLE sessions;
DROP TABLE accounts;
ALTER TABLE users DROP COLUMN image;
ALTER TABLE users DROP COLUMN email_verified;
