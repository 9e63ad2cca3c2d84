module example.com/tableattrs

go 1.26
