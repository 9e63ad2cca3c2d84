CREATE TABLE items (id bigint NOT NULL, kind text NOT NULL, old_note text) PARTITION BY LIST (kind);
CREATE TABLE items_a PARTITION OF items FOR VALUES IN ('a');
CREATE TABLE items_b PARTITION OF items FOR VALUES IN ('b');
INSERT INTO items VALUES (1, 'a', 'x'), (2, 'b', 'y');
