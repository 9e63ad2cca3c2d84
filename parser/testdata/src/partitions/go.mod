module example.com/partitions

go 1.26
