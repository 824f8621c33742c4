//go:build mutation

package cba

import (
	"os"
	"strconv"
)

// Under the tag "mutation", IPSCBA_MUTATE=tax:1.01 (or benefit:, earnings:)
// makes that production rule wrong by the factor given, for
// TestReferenceCatchesMutations. Never built into the module's users.
var mutateTax, mutateBenefit, mutateEarnings = mutations()

func mutations() (tax, benefit, earnings float64) {
	tax, benefit, earnings = 1, 1, 1
	env := os.Getenv("IPSCBA_MUTATE")
	for i := 0; i < len(env); i++ {
		if env[i] != ':' {
			continue
		}
		f, err := strconv.ParseFloat(env[i+1:], 64)
		if err != nil {
			return
		}
		switch env[:i] {
		case "tax":
			tax = f
		case "benefit":
			benefit = f
		case "earnings":
			earnings = f
		}
	}
	return
}
