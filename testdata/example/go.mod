module example.com/shop

go 1.26.0

require (
	github.com/lib/pq v1.12.3
	github.com/schemagen/schemagen v0.0.0
)

replace github.com/schemagen/schemagen => ../..
