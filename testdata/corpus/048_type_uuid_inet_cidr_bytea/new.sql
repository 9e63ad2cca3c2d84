CREATE TABLE hosts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), addr inet, net cidr, mac macaddr, raw bytea);
