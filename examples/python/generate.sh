#!/usr/bin/env bash
# Generates the Python stubs of the provider API (feed.proto and what it imports) into ./generated, with protoc and
# gRPC's Python plugin. Debian: apt-get install python3-grpcio protobuf-compiler protobuf-compiler-grpc.
# With pip instead: pip install grpcio grpcio-tools, then
#   python -m grpc_tools.protoc -I ../../contracts/Monitoring.Api/Protos --python_out=generated --grpc_python_out=generated \
#     monitoring/v1/feed.proto monitoring/v1/common.proto
set -euo pipefail
cd "$(dirname "$0")"
protos="${PROTOS:-../../contracts/Monitoring.Api/Protos}"
rm -rf generated && mkdir -p generated
protoc -I "$protos" --python_out=generated --grpc_python_out=generated \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" \
  monitoring/v1/feed.proto monitoring/v1/common.proto
echo "stubs in $(pwd)/generated"
