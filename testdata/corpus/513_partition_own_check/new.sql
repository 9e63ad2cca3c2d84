CREATE TABLE temps (city text NOT NULL, c numeric NOT NULL, CHECK (c > -100)) PARTITION BY LIST (city);
CREATE TABLE temps_oslo PARTITION OF temps (CONSTRAINT temps_oslo_cold CHECK (c < 40)) FOR VALUES IN ('oslo');
CREATE TABLE temps_rome PARTITION OF temps (CONSTRAINT temps_rome_warm CHECK (c > -30), UNIQUE (c)) FOR VALUES IN ('rome');
