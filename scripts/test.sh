#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need when it is
# missing (Debian packages, the npm OpenAPI tools), then runs dotnet test. Tests start their
# own redis-server on a free loopback port unless IPGUARD_TEST_REDIS names one (as .ci/run does).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The OpenAPI tests' linter and validating proxy (npm, pinned in tools/openapi). The tests install
# them too when missing, so a failure here only leaves it to them (and their report).
bash scripts/openapi-tools.sh || echo "scripts/openapi-tools.sh failed; the OpenAPI contract tests will try again" >&2

exec dotnet test IpGuard.Orleans.sln -c Release --logger "console;verbosity=normal" "$@"
