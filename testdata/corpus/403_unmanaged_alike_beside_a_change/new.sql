CREATE OPERATOR === (FUNCTION = int4eq, LEFTARG = int, RIGHTARG = int);
CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0');
CREATE TEXT SEARCH CONFIGURATION plain (COPY = simple);
CREATE TABLE items (
    id int PRIMARY KEY,
    qty int NOT NULL,
    price numeric(10,2) NOT NULL DEFAULT 0
);
ALTER TABLE items ALTER qty SET STATISTICS 200;
CREATE INDEX items_qty_idx ON items (qty);
