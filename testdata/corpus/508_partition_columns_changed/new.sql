CREATE TABLE items (id bigint NOT NULL, kind text NOT NULL, price numeric(10,2) DEFAULT 0 NOT NULL, tags text[]) PARTITION BY LIST (kind);
CREATE TABLE items_a PARTITION OF items FOR VALUES IN ('a');
CREATE TABLE items_b PARTITION OF items FOR VALUES IN ('b');
