CREATE TABLE named (name text);
CREATE TABLE dated (created timestamptz DEFAULT now());
