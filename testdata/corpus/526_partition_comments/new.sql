CREATE TABLE pages (id int NOT NULL, site text NOT NULL) PARTITION BY LIST (site);
CREATE TABLE pages_a PARTITION OF pages FOR VALUES IN ('a');
COMMENT ON TABLE pages IS 'all pages';
COMMENT ON TABLE pages_a IS 'site a';
COMMENT ON COLUMN pages.site IS 'the site';
