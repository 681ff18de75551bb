#!/usr/bin/env bash
# Refreshes the committed OpenAPI document (api/openapi/v1.json) from the api as it is now, and
# regenerates the typed client (client/Generated) from it with Kiota. Run it after changing a
# route or a DTO, then review and commit both. Usage: bash scripts/openapi.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build IpGuard.Orleans.sln -c Release -v q -nologo
IPGUARD_UPDATE_OPENAPI=1 dotnet test tests/IpGuard.Tests.csproj -c Release --no-build -v q \
  --filter "FullyQualifiedName~IpGuard.Tests.OpenApi.OpenApiDocumentTests.DocumentEqualsSnapshot"

dotnet tool restore
# No update check, no telemetry: generation reads only the local file.
KIOTA_OFFLINE_ENABLED=true KIOTA_CLI_TELEMETRY_OPTOUT=true KIOTA_TUTORIAL_ENABLED=false \
  dotnet kiota generate --language CSharp --openapi api/openapi/v1.json --output client/Generated \
  --namespace-name IpGuard.Client --class-name IpGuardClient --exclude-backward-compatible --clean-output
dotnet build client/IpGuard.Client.csproj -c Release -v q -nologo
git status --short api/openapi client
