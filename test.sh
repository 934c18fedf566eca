#!/usr/bin/env bash
# Builds KineticLab and runs the fast test suite (tests tagged Category=Slow run in `kineticlab validate`).
# The last line printed is "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Native packages, as ./kineticlab does (FFTW; MPICH for the distributed tests; DejaVu fonts for figures), and the
# independent HDF5 readers the HDF5 writer's tests use (h5dump from hdf5-tools; Debian's h5py for /usr/bin/python3).
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  need=()
  ldconfig -p 2>/dev/null | grep 'libfftw3\.so\.3' >/dev/null || need+=(libfftw3-double3)
  command -v mpiexec >/dev/null 2>&1 || need+=(mpich)
  command -v h5dump >/dev/null 2>&1 || need+=(hdf5-tools)
  /usr/bin/python3 -c 'import h5py' >/dev/null 2>&1 || need+=(python3-h5py)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q "${need[@]}" >/dev/null 2>&1; } || echo "test.sh: could not install ${need[*]}" >&2
  fi
fi

results="$here/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

if ! dotnet build KineticLab.sln -c Release -nologo -v q 2>&1 | tee "$results/build.log" | grep -E "error|Build succeeded" | sort -u; then :; fi
if ! grep -q "Build succeeded" "$results/build.log" || grep -qE "[1-9][0-9]* Error\(s\)" "$results/build.log"; then
  echo "build failed (see $results/build.log)"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test tests/KineticLab.Tests/KineticLab.Tests.csproj -c Release --no-build -nologo \
  --filter "Category!=Slow" --logger "trx;LogFileName=fast.trx" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1200000 2>&1 | grep -vE "^\s*$" | tail -n 40
trx="$results/fast.trx"
if [ ! -f "$trx" ]; then
  echo "test run produced no results"
  echo "0 passed, 1 failed"
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
get() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed="$(get passed)"; failed="$(get failed)"; total="$(get total)"; executed="$(get executed)"
passed=${passed:-0}; failed=${failed:-0}
# Tests that did not run (aborted host) count as failed.
notrun=$(( ${total:-0} - ${executed:-0} ))
[ "$notrun" -gt 0 ] && failed=$(( failed + notrun ))
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
