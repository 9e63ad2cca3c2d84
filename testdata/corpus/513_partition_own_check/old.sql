CREATE TABLE temps (city text NOT NULL, c numeric NOT NULL, CHECK (c > -100)) PARTITION BY LIST (city);
CREATE TABLE temps_oslo PARTITION OF temps FOR VALUES IN ('oslo');
