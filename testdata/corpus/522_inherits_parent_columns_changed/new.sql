CREATE TABLE animals (id bigint NOT NULL, name text, born date);
CREATE TABLE dogs (breed text NOT NULL DEFAULT 'mixed') INHERITS (animals);
