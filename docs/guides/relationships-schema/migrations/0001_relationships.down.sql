DROP TABLE follows;
DROP TABLE post_tags;
DROP TABLE tags;
DROP TABLE comments;
DROP TABLE posts;
DROP TABLE profiles;
DROP TABLE users;
