CREATE SCHEMA s;
CREATE TABLE s.t (a integer NOT NULL, b integer NOT NULL, c text);
CREATE INDEX t_ab_idx ON s.t (a, b);
CREATE INDEX t_c_idx ON s.t (c);
