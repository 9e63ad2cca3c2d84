CREATE TABLE m (k int NOT NULL, v text, id bigserial) PARTITION BY RANGE (k);
