// Package scenarios holds the bundled scenario files (YAML) and the tests
// that hold each to the study it is founded on: every published figure a
// scenario carries (its published: section) is computed by the model under
// the same convention, a figure the scenario reproduces is held within its
// stated tolerance, and the table of published figures beside the model's
// in README.md is made by these tests (go test ./scenarios -update
// rewrites it). The package has no Go API of its own.
package scenarios
