#!/usr/bin/env bash
# buf lint (STANDARD rules) on contracts/Monitoring.Api/Protos. Installs buf through npm on first
# use, and points buf at google/api/annotations.proto inside the JSON transcoding NuGet package (restored
# by the build), the same file the build uses: no proto files are copied into the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -x "$here/node_modules/.bin/buf" ]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi

packages="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')}"
# The version the solution pins (Directory.Packages.props), so a package bump does not leave the lint behind.
transcoding=$(sed -n 's/.*Include="Microsoft.AspNetCore.Grpc.JsonTranscoding" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
googleapis="$packages/microsoft.aspnetcore.grpc.jsontranscoding/$transcoding/content/protos"
[ -f "$googleapis/google/api/annotations.proto" ] || { echo "google/api/annotations.proto not found under $googleapis: build the solution first (dotnet build)" >&2; exit 1; }
mkdir -p "$root/artifacts"
ln -sfn "$googleapis" "$root/artifacts/googleapis"

cd "$root"
"$here/node_modules/.bin/buf" lint
echo "buf lint: no problems"
