CREATE TABLE handles (name text NOT NULL, site int NOT NULL, CONSTRAINT handles_site_name_key UNIQUE (site, name)) PARTITION BY LIST (site);
CREATE TABLE handles_1 PARTITION OF handles FOR VALUES IN (1);
