-- the number of accounts
SELECT count(*) AS n
FROM account a JOIN active_account v USING (id);
