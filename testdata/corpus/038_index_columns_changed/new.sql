CREATE SCHEMA s;
CREATE TABLE s.t (a integer NOT NULL, b integer NOT NULL, c text);
CREATE INDEX t_ab_idx ON s.t (b, a);
CREATE INDEX t_c2_idx ON s.t (c);
