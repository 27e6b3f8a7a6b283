ALTER TABLE users ADD COLUMN bio TEXT;
ALTER TABLE posts ADD COLUMN updated_at DATETIME;

CREATE VIEW published_posts AS
  SELECT p.id, p.title, p.published_at, u.name AS author_name
  FROM posts AS p
  JOIN users AS u ON u.id = p.author_id
  WHERE p.status = 'published';

CREATE TRIGGER posts_touch AFTER UPDATE OF title, body ON posts
BEGIN
  UPDATE posts SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
