module example.com/models

go 1.26.0
