DROP INDEX events_kind_created_idx;
DROP TABLE events;
