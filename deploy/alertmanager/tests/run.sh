#!/usr/bin/env bash
# Checks alertmanager.yml and runs every route test of routes.txt with amtool.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
config="$here/../alertmanager.yml"
amtool check-config "$config" >/dev/null || { echo "alertmanager.yml is invalid"; exit 1; }
failed=0
total=0
while IFS='|' read -r expected labels; do
  expected="$(sed -e "s/^[[:space:]]*//" -e "s/[[:space:]]*$//" <<<"$expected")"
  [[ -z "$expected" || "$expected" == \#* ]] && continue
  total=$((total + 1))
  # shellcheck disable=SC2086
  if ! amtool config routes test --config.file="$config" --verify.receivers="$expected" $labels >/dev/null 2>&1; then
    echo "FAIL: $labels -> expected $expected, got $(amtool config routes test --config.file="$config" $labels 2>/dev/null)"
    failed=$((failed + 1))
  fi
done <"$here/routes.txt"
echo "$((total - failed)) of $total route tests passed"
[ "$failed" -eq 0 ]
