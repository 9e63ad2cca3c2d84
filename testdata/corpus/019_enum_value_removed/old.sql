CREATE TYPE color AS ENUM ('red', 'green', 'blue', 'mauve');
CREATE TABLE paints (id integer PRIMARY KEY, color color NOT NULL, accent color);
INSERT INTO paints VALUES (1, 'red', NULL), (2, 'blue', 'green');
