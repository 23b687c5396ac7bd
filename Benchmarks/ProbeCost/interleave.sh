#!/bin/bash
# Interleaved before/after runs of measure.py (run as root):
#   [BEFORE_ARGS=...] [AFTER_ARGS=...] interleave.sh BEFORE_VMSCOPE AFTER_VMSCOPE OUT.jsonl ROUNDS SCENARIO...
# Each round runs every scenario once with BEFORE, then once with AFTER, so both see the same
# machine (other users' load changes by the minute on a shared VM). Summarise with summarize.py.
# BEFORE_ARGS / AFTER_ARGS: options for `vmscope trace` (space-separated), to compare one build
# with itself, e.g. AFTER_ARGS=--no-stacks with the same binary twice.
set -e
before=$1; after=$2; out=$3; rounds=$4; shift 4
here=$(dirname "$0")
for r in $(seq "$rounds"); do
  for s in "$@"; do
    python3 "$here/measure.py" --vmscope "$before" --label before --floor $(for a in $BEFORE_ARGS; do echo "--trace-arg=$a"; done) "$s" >> "$out"
    python3 "$here/measure.py" --vmscope "$after" --label after --floor $(for a in $AFTER_ARGS; do echo "--trace-arg=$a"; done) "$s" >> "$out"
  done
done
