CREATE SCHEMA ops;
CREATE TYPE ops.level AS ENUM ('low', 'mid', 'high', 'urgent');
CREATE TABLE tasks (
    id integer PRIMARY KEY,
    title text NOT NULL,
    level ops.level NOT NULL DEFAULT 'low',
    history ops.level[] NOT NULL DEFAULT '{}',
    CONSTRAINT tasks_title_short CHECK (length(title) < 200),
    CONSTRAINT tasks_urgent_titled CHECK (level <> 'urgent' OR title <> '')
);
CREATE INDEX tasks_high_idx ON tasks (id) WHERE level IN ('high', 'urgent');
CREATE INDEX tasks_is_low_idx ON tasks ((level = 'low'));
CREATE INDEX tasks_level_idx ON tasks (level);
CREATE INDEX tasks_titled_idx ON tasks (id) WHERE title <> '';
CREATE TABLE ops.alerts (
    id integer PRIMARY KEY,
    task_id integer NOT NULL,
    at_least ops.level DEFAULT 'mid',
    CONSTRAINT alerts_not_low CHECK (at_least <> 'low')
);
INSERT INTO tasks VALUES (1, 'a', 'low', '{low,high}'), (2, 'b', 'urgent', '{urgent}');
INSERT INTO ops.alerts VALUES (1, 1, 'high'), (2, 2, DEFAULT);
