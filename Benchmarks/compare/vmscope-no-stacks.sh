#!/bin/bash
# `vmscope --no-stacks` for compare.py, which runs the binary it is given with a subcommand (trace)
# or none (the live view): `compare.py --vmscope Benchmarks/compare/vmscope-no-stacks.sh` with
# VMSCOPE=PATH-TO-VMSCOPE in the environment measures the same build without user stacks. exec:
# the pid compare.py watches is vmscope's.
vmscope=${VMSCOPE:?set VMSCOPE to the vmscope binary}
case "$1" in
  trace) shift; exec "$vmscope" trace --no-stacks "$@" ;;
  layout) exec "$vmscope" "$@" ;;
  *) exec "$vmscope" --no-stacks "$@" ;;
esac
