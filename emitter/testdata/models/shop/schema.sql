-- The objects of the schema that are no table, written by `schemagen import`:
-- the models declare them with //schemagen:sql (see doc.go).

CREATE OR REPLACE FUNCTION public.add(a integer, b integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT a + b $function$;

CREATE VIEW "billing"."open_invoices" AS
 SELECT id,
    number
   FROM billing.invoices;
