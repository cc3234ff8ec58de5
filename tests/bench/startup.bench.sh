#!/bin/sh
# Start-up cost of the non-interactive path: `nsh -c true` must start about
# as fast as `dash -c true` (no readline, no Lua state on this path).
$COMPARE startup --runs "${BENCH_RUNS:-300}" -- "$NSH" -c true -- dash -c true -- bash -c true
