CREATE TYPE level AS ENUM ('error', 'warn', 'info', 'debug');
CREATE TABLE logs (id integer PRIMARY KEY, level level NOT NULL);
CREATE INDEX logs_level_idx ON logs (level);
