DROP TABLE items;
DROP TABLE protos;
