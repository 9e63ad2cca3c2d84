CREATE TABLE people (id integer PRIMARY KEY, first text NOT NULL, last text NOT NULL, full_name text GENERATED ALWAYS AS (last || ', ' || first) STORED, age integer);
