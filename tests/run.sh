#!/usr/bin/env bash
# Runs the whole test suite. First installs, from Debian, what the tests use as real clients and tools:
# python3-nbformat, the official notebook validator, bubblewrap, the workers' sandbox, and python3-torch, the oracle.
# Then builds everything in Release and runs NUnit.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
/usr/bin/python3 -c "import nbformat" 2>/dev/null || missing+=(python3-nbformat)
# bubblewrap: the OS sandbox every worker process (student code, and the reference) runs in.
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
# python3-torch: PyTorch 1.13, the oracle the reference is checked against (tests/Course.Tests/Oracle), with
# OpenBLAS as its BLAS rather than Debian's reference BLAS.
/usr/bin/python3 -c "import torch" 2>/dev/null || missing+=(python3-torch)
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Course.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line: "N passed, N failed, N skipped".
summary=$(grep -E "^(Passed|Failed)!" "$log" | tail -n 1 || true)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary" || true)
failed=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ -z "$summary" ]; then echo "no test summary found: the build or the test run failed" >&2; exit 1; fi
exit "$status"
