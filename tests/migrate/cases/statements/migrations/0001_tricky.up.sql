-- A file whose statement boundaries a naive splitter gets wrong.
BEGIN TRANSACTION;
CREATE TABLE "a;b" (x TEXT DEFAULT 'it''s; fine', [y;z] INT, `w;` BLOB DEFAULT x'3B');
/* block ; comment */
CREATE TABLE log (msg TEXT);
CREATE TRIGGER t AFTER INSERT ON "a;b" BEGIN
  INSERT INTO log (msg) VALUES (CASE WHEN NEW.x = 'a;' THEN 'semi;colon' ELSE 'b' END);
  INSERT INTO log (msg) SELECT 'END; of ' || NEW.x;
END;
INSERT INTO "a;b" (x) VALUES ('--not a comment'), ('a;');
INSERT INTO "a;b" (x) VALUES ('/* not a comment */')
;
COMMIT;
