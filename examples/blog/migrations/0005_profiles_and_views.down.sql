DROP TRIGGER posts_touch;
DROP VIEW published_posts;
ALTER TABLE posts DROP COLUMN updated_at;
ALTER TABLE users DROP COLUMN bio;
