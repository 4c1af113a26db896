// Package goldenflag defines the -update flag of the tests, once, for every
// test binary of the module. `go test ./... -update` passes -update to every
// package's tests, and a test binary that does not know a flag fails; so
// every package with tests imports this package (or internal/testtool, which
// does), blank where it has no golden file. TestEveryTestPackageTakesUpdate
// checks that none is forgotten. Only tests import it: it registers a flag
// on the standard flag set.
package goldenflag

import "flag"

// Update asks the tests to rewrite their golden files under fixtures/golden
// instead of comparing with them; review the diff like code.
var Update = flag.Bool("update", false, "rewrite the golden files under fixtures/golden instead of comparing with them")
