package cba

// Test helpers for the external tests of the bundled scenarios, which cannot
// live in this package: they read YAML through ipscba/cba/scenario, which
// imports this package.
var (
	CheckIdentity        = checkIdentity
	CompareWithReference = compareWithReference
	CompareFastWithFull  = compareFastWithFull
)

// ForgetQuantileTables empties the kept quantile tables, so that a
// benchmark can measure a sampler made afresh.
func ForgetQuantileTables() {
	tables.Lock()
	defer tables.Unlock()
	tables.of = nil
}
