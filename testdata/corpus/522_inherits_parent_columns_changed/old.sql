CREATE TABLE animals (id int NOT NULL, name text);
CREATE TABLE dogs (breed text) INHERITS (animals);
INSERT INTO dogs VALUES (1, 'rex', 'lab');
