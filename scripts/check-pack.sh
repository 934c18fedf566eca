#!/usr/bin/env bash
# Packs KineticLab as NuGet packages and checks the .NET tool end to end:
#   dotnet pack -c Release -o OUT/pkgs            -> KineticLab.<v>.nupkg (library), KineticLab.Cli.<v>.nupkg (tool)
#   dotnet tool install --tool-path OUT/tool ...  -> OUT/tool/kineticlab
#   kineticlab --version, --help, and `run --check` from an unrelated folder (finds the shipped examples/showcase.json)
# Usage: scripts/check-pack.sh [OUT]   (default: a fresh temporary folder, removed at the end)
# Not part of ./test.sh (packing takes about a minute). Prints "check-pack: ok" and exits 0 when all checks pass.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ $# -ge 1 ]; then out="$1"; keep=1; else out="$(mktemp -d)"; keep=0; fi
cleanup() { [ "$keep" = 1 ] || rm -rf "$out"; }
trap cleanup EXIT
fail() { echo "check-pack: FAILED: $*" >&2; exit 1; }

pkgs="$out/pkgs"; tool="$out/tool"; elsewhere="$out/elsewhere"
rm -rf "$pkgs" "$tool" "$elsewhere"; mkdir -p "$elsewhere"

echo "== dotnet pack -c Release -o $pkgs"
dotnet pack "$here/KineticLab.sln" -c Release -o "$pkgs" -nologo -v q >"$out/pack.log" 2>&1 || { cat "$out/pack.log"; fail "dotnet pack failed"; }
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$here/Directory.Build.props" | head -1)"
ls "$pkgs"
[ "$(ls "$pkgs" | wc -l)" = 2 ] || fail "expected exactly two packages (KineticLab, KineticLab.Cli) in $pkgs"
lib="$pkgs/KineticLab.$version.nupkg"; cli="$pkgs/KineticLab.Cli.$version.nupkg"
[ -f "$lib" ] || fail "$lib missing"
[ -f "$cli" ] || fail "$cli missing"
entries() { python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; }
lib_entries="$(entries "$lib")"; cli_entries="$(entries "$cli")"
has() { grep -qxF "$2" <<<"$1"; }
has "$lib_entries" "lib/net10.0/KineticLab.dll" || fail "library package has no lib/net10.0/KineticLab.dll"
has "$lib_entries" "lib/net10.0/KineticLab.xml" || fail "library package has no XML documentation"
has "$cli_entries" "tools/net10.0/any/DotnetToolSettings.xml" || fail "CLI package is not a .NET tool"
for f in "$here"/examples/*.json; do
  has "$cli_entries" "tools/net10.0/any/examples/$(basename "$f")" || fail "CLI package lacks examples/$(basename "$f")"
done

echo "== dotnet tool install --tool-path $tool --add-source $pkgs KineticLab.Cli"
dotnet tool install --tool-path "$tool" --add-source "$pkgs" --version "$version" KineticLab.Cli
kl="$tool/kineticlab"

echo "== kineticlab --version"
v="$("$kl" --version)" || fail "--version exited $?"
echo "$v"
case "$v" in "$version"*) ;; *) fail "--version printed '$v', expected $version…" ;; esac

echo "== kineticlab --help"
"$kl" --help >"$out/help.txt" || fail "--help exited $?"
head -n 3 "$out/help.txt"
grep -q "kineticlab \[command\] \[options\]" "$out/help.txt" || fail "--help does not show the usage line"

echo "== (cd $elsewhere && kineticlab run --check)"
(cd "$elsewhere" && "$kl" run --check) >"$out/check.txt" 2>&1 || { cat "$out/check.txt"; fail "run --check exited non-zero"; }
cat "$out/check.txt"
grep -q "examples/showcase.json" "$out/check.txt" || fail "run --check did not use the shipped showcase"
grep -q "^valid: " "$out/check.txt" || fail "run --check did not validate the showcase"
[ -z "$(ls -A "$elsewhere")" ] || fail "run --check wrote into $elsewhere"

echo "check-pack: ok"
