CREATE TYPE size AS ENUM ('tiny', 'small', 'medium', 'large', 'huge');
CREATE TABLE shirts (id integer PRIMARY KEY, size size NOT NULL);
