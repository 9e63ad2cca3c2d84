CREATE TYPE level AS ENUM ('debug', 'info', 'warn', 'error');
CREATE TABLE logs (id integer PRIMARY KEY, level level NOT NULL);
CREATE INDEX logs_level_idx ON logs (level);
INSERT INTO logs VALUES (1, 'info'), (2, 'error'), (3, 'debug');
