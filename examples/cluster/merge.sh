#!/usr/bin/env bash
# Merge the shards saved by slurm.sh (or by the Kubernetes Job in job.yaml)
# into one report, as if the run had been done on one machine.
#
#   sbatch --dependency=afterok:<array job id> examples/cluster/merge.sh
#
# Settings: IPSCBA, SCENARIO, OUT and SET as for slurm.sh, and FORMAT (text,
# json or csv; default json) and REPORT (default $OUT/report.json).
#
#SBATCH --job-name=ipscba-merge
#SBATCH --mem=1G
#SBATCH --time=00:10:00
set -euo pipefail

IPSCBA=${IPSCBA:-./ipscba}
SCENARIO=${SCENARIO:-scenarios/norway-norce.yaml}
OUT=${OUT:-runs}
SET=${SET:-}
FORMAT=${FORMAT:-json}
REPORT=${REPORT:-$OUT/report.$FORMAT}

shards=$(ls "$OUT"/shard-*.state | paste -sd, -)
# shellcheck disable=SC2086 # SET holds several arguments
"$IPSCBA" -merge "$shards" $SET -format "$FORMAT" -state "$OUT/merged.state" -o "$REPORT" "$SCENARIO"
