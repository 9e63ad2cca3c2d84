CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE STATISTICS "st.a" (ndistinct, dependencies) ON id, a FROM t;
CREATE STATISTICS st_expr ON (b || 'x'), a FROM t;
