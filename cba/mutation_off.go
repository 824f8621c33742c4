//go:build !mutation

package cba

// The production rules are exact: these factors are 1 and the compiler
// removes them. A build with the tag "mutation" makes them variables, so
// that a test can show that the reference evaluation in the tests catches a
// rule made wrong (TestReferenceCatchesMutations).
const (
	mutateTax      = 1.0
	mutateBenefit  = 1.0
	mutateEarnings = 1.0
)
