DROP TABLE authenticator;
DROP TABLE verification_token;
DROP TABLE session;
DROP TABLE account;
DROP TABLE user;
