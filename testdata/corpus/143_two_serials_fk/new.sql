CREATE TABLE a (id serial PRIMARY KEY);
CREATE TABLE b (id bigserial PRIMARY KEY, a_id int REFERENCES a (id), n serial);
