CREATE TYPE status AS ENUM ('draft', 'published');
CREATE TABLE articles (id integer PRIMARY KEY, status status NOT NULL DEFAULT 'draft');
INSERT INTO articles VALUES (1, 'draft'), (2, 'published');
