CREATE VIEW long_view_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_o AS SELECT 1;
CREATE VIEW "ünïcode ""quoted"" name" AS SELECT 1;
