// Command floor runs the hand-written floor (package ipscba/cba/floor,
// BenchmarkFloor) for as many iterations as a Monte Carlo run of the
// bundled Norwegian scenario, so that its CPU time can be set next to the
// ipscba command's:
//
//	go build -o floor ./examples/floor && go build -o ipscba ./examples/ipscba
//	/usr/bin/time -v ./floor -iterations 1000000
//	/usr/bin/time -v ./ipscba -iterations 1000000 -workers 1 -format json -o mc.json scenarios/norway-norce.yaml
//
// -simplified runs the floor as first written instead (a simplified
// iteration), for history.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"ipscba/cba/floor"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("iterations", 1_000_000, "iterations of the floor loop")
	simplified := fs.Bool("simplified", false, "run the simplified floor, as first written")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *n < 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: floor [-iterations N] [-simplified] (N >= 1)")
		return 2
	}
	if *simplified {
		f := floor.NewSimplified()
		sum := 0.0
		for i := range *n {
			sum += f.Iteration(i)
		}
		fmt.Fprintf(stdout, "floor (simplified): %d iterations (checksum %.6g)\n", *n, sum)
		return 0
	}
	f := floor.New()
	for i := range *n {
		f.Iteration(uint64(i))
	}
	f.Stats.Flush()
	fmt.Fprintf(stdout, "floor: %d iterations; society's NPV: mean %.0f, median %.0f\n", *n, f.Stats.Mean(6), f.Stats.Percentile(6, 50))
	return 0
}
