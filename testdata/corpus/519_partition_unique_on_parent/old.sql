CREATE TABLE handles (name text NOT NULL, site int NOT NULL) PARTITION BY LIST (site);
CREATE TABLE handles_1 PARTITION OF handles FOR VALUES IN (1);
