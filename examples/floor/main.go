// Command floor runs the hand-written floor loop (package ipscba/cba/floor,
// BenchmarkFloor) for as many iterations as a Monte Carlo run, so that its
// CPU time can be set next to the ipscba command's:
//
//	go build -o floor ./examples/floor && go build -o ipscba ./examples/ipscba
//	/usr/bin/time -v ./floor -iterations 1000000
//	/usr/bin/time -v ./ipscba -iterations 1000000 -format json -o mc.json scenarios/norway-norce.yaml
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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *n < 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: floor [-iterations N] (N >= 1)")
		return 2
	}
	f := floor.New()
	sum := 0.0
	for i := range *n {
		sum += f.Iteration(i)
	}
	fmt.Fprintf(stdout, "floor: %d iterations (checksum %.6g)\n", *n, sum)
	return 0
}
