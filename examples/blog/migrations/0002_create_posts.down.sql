DROP INDEX posts_status_published_idx;
DROP INDEX posts_author_idx;
DROP TABLE posts;
