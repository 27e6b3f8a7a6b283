-- Reverses the Auth.js tables: children first, then users (indexes go with their tables).
DROP TABLE authenticators;
DROP TABLE verification_tokens;
DROP TABLE sessions;
DROP TABLE accounts;
DROP TABLE users;
