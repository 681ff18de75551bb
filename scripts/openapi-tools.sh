#!/usr/bin/env bash
# Installs the OpenAPI tools the tests run (@redocly/cli, @stoplight/prism-cli) into
# tools/openapi/node_modules from the committed lock file, unless they are there already.
# Needs node 20+ and npm. The tests call it; running it by hand first is fine too.
set -euo pipefail
dir="$(cd "$(dirname "$0")/../tools/openapi" && pwd)"
stamp="$dir/node_modules/.installed"

installed() {
  [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package-lock.json" ] \
    && [ -x "$dir/node_modules/.bin/redocly" ] && [ -x "$dir/node_modules/.bin/prism" ]
}

installed && exit 0
command -v npm >/dev/null 2>&1 || { echo "openapi-tools: npm is missing (install node 20+ and npm)" >&2; exit 1; }

# One install at a time: test collections may ask at once.
exec 9>"$dir/.install.lock"
flock -w 900 9
installed && exit 0

echo "openapi-tools: npm ci in $dir" >&2
cd "$dir"
# --ignore-scripts: the tools need no install step, and one dependency's postinstall only reports usage.
timeout "${OPENAPI_TOOLS_TIMEOUT:-600}" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
touch "$stamp"
