#!/usr/bin/env bash
# Run a long Monte Carlo run of ipscba as a Slurm job array: each array task
# runs one range of iterations and saves its statistics with -state; the
# merge job (merge.sh, submitted to run after the array) reports them as
# one run, identical, byte for byte, to the run done on one machine.
#
#   sbatch --array=0-9 examples/cluster/slurm.sh
#   sbatch --dependency=afterok:<array job id> examples/cluster/merge.sh
#
# Settings (environment variables, with their defaults):
#   IPSCBA      the ipscba binary (go build -o ipscba ./examples/ipscba)
#   SCENARIO    the scenario file            (scenarios/norway-norce.yaml)
#   ITERATIONS  iterations of the whole run  (1000000)
#   SEED        the run's seed               (1)
#   WORKERS     goroutines a task uses       (${SLURM_CPUS_PER_TASK:-1})
#   OUT         the folder shared by tasks   (runs)
#   SET         -set arguments, e.g. "-set arms.ips.enrolment.dropout=0.1"
#
#SBATCH --job-name=ipscba-shard
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=01:00:00
set -euo pipefail

IPSCBA=${IPSCBA:-./ipscba}
SCENARIO=${SCENARIO:-scenarios/norway-norce.yaml}
ITERATIONS=${ITERATIONS:-1000000}
SEED=${SEED:-1}
WORKERS=${WORKERS:-${SLURM_CPUS_PER_TASK:-1}}
OUT=${OUT:-runs}
SET=${SET:-}
TASK=${SLURM_ARRAY_TASK_ID:?run as a Slurm array task (sbatch --array=0-N)}
TASKS=${SLURM_ARRAY_TASK_COUNT:?run as a Slurm array task (sbatch --array=0-N)}

# Task k of n runs iterations [k*ITERATIONS/n, (k+1)*ITERATIONS/n).
FIRST=$(( TASK * ITERATIONS / TASKS ))
END=$(( (TASK + 1) * ITERATIONS / TASKS ))
mkdir -p "$OUT"
# shellcheck disable=SC2086 # SET holds several arguments
"$IPSCBA" -iterations "$FIRST:$END" -seed "$SEED" -workers "$WORKERS" $SET \
  -state "$OUT/shard-$TASK.state" -o "$OUT/shard-$TASK.txt" "$SCENARIO"
