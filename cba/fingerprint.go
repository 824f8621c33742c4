package cba

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Fingerprint returns a hash (SHA-256, hex) of everything in s: every value,
// distribution, correlation, Dirichlet set, alias and name. Two scenarios
// with the same fingerprint evaluate and draw alike, so a run's fingerprint
// tells whether saved ranges of runs belong together.
func (s *Scenario) Fingerprint() string {
	data, err := json.Marshal(s)
	if err != nil { // a Scenario is plain data; a NaN is the only failure
		data = []byte(err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
