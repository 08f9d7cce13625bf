#!/usr/bin/env bash
# The one test command: builds the solution, checks formatting against .editorconfig (one check), runs
# every test project, and ends with one line "N passed, N failed" (totals over every check and test run).
# Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

say() { printf '==> %s\n' "$*"; }

# Tools the tests need from Debian, installed when missing: chromium for the dashboard tests
# (Playwright drives /usr/bin/chromium; it never downloads a browser); prometheus (promtool) and
# prometheus-alertmanager (amtool) for the alert rule, routing and real-Prometheus tests; redis-server
# for the cluster fault tests (they start their own on free loopback ports); docker-compose (its offline
# `config` check, no engine needed) and yamllint for the deploy/ files; python3-grpcio, protobuf-compiler and
# protobuf-compiler-grpc for the Python provider example (Debian's Python, stubs from protoc).
needed=()
for pkg in chromium prometheus prometheus-alertmanager redis-server docker-compose yamllint python3-grpcio protobuf-compiler protobuf-compiler-grpc; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ ${#needed[@]} -gt 0 ]; then
  say "installing ${needed[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
fi

say "building Monitoring.sln"
if ! dotnet build Monitoring.sln -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
checks_passed=0
checks_failed=0

# Code style: whitespace, usings, names and the rules .editorconfig sets to warning. Counted as one test.
say "checking formatting (dotnet format --verify-no-changes)"
if dotnet format Monitoring.sln --verify-no-changes --no-restore; then
  checks_passed=$((checks_passed + 1))
else
  echo "formatting differs from .editorconfig: run 'dotnet format Monitoring.sln' and review the changes"
  checks_failed=$((checks_failed + 1))
  status=1
fi

for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  say "testing $name"
  dotnet test "$project" --no-build -nologo --results-directory "$results" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" || status=1
done

passed=$checks_passed
failed=$checks_failed
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done
# A test host that crashed reports nothing: count it rather than hide it.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
