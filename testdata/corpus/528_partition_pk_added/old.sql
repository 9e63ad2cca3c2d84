CREATE TABLE payments (id bigint NOT NULL, month int NOT NULL, amount numeric) PARTITION BY RANGE (month);
CREATE TABLE payments_h1 PARTITION OF payments FOR VALUES FROM (1) TO (7);
CREATE TABLE payments_h2 PARTITION OF payments FOR VALUES FROM (7) TO (13);
INSERT INTO payments VALUES (1, 2, 10), (2, 8, 20);
