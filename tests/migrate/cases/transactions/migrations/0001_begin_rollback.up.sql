-- A file's own transactions: what it rolls back stays rolled back, as in the sqlite3 shell.
CREATE TABLE kept (a);
BEGIN;
CREATE TABLE dropped_again (a);
INSERT INTO kept VALUES (1);
ROLLBACK;
BEGIN TRANSACTION;
INSERT INTO kept VALUES (2);
COMMIT;
BEGIN IMMEDIATE;
INSERT INTO kept VALUES (3);
END TRANSACTION;
