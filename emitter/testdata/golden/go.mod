module example.com/golden

go 1.26.0

require github.com/schemagen/schemagen v0.0.0

replace github.com/schemagen/schemagen => ../../..
