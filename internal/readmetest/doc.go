// Package readmetest holds the test that compiles the Go examples of the
// repository's README.md (see readme_test.go for how a block is marked).
package readmetest
