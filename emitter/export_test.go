package emitter

// Update is the -update flag, for the tests of package emitter_test.
var Update = update
