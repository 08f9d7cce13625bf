"""A data provider in Python: publishes three batches of readings on one feed, resends what is not acked after a
failure, and exits when every batch is durably acked (docs/api.md). Stubs: ./generate.sh.

Settings (environment): MONITORING_GATEWAY (host:port of the gateway's gRPC port, default 127.0.0.1:8081),
MONITORING_API_KEY (your provider key), FEED_ID, NODE_ID, BATCHES (3), MONITORING_CA (a PEM file: connect over TLS
trusting it; MONITORING_TLS=1 to connect over TLS trusting the system's CAs), MONITORING_TLS_NAME (the name the
gateway's certificate carries, when you connect by another one, such as an IP address).
"""
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

import grpc  # noqa: E402
from google.protobuf.timestamp_pb2 import Timestamp  # noqa: E402
from monitoring.v1 import common_pb2, feed_pb2, feed_pb2_grpc  # noqa: E402

gateway = os.environ.get("MONITORING_GATEWAY", "127.0.0.1:8081")
api_key = os.environ.get("MONITORING_API_KEY", "")
feed_id = os.environ.get("FEED_ID", "example-python-feed")
node_id = os.environ["NODE_ID"]
batch_count = int(os.environ.get("BATCHES", "3"))

# Sequences must grow across restarts: start at the current time in microseconds, then +1 per batch.
# (A provider that restarts keeps its unacked batches and next sequence on disk; docs/api.md, "Restarts".)
first_sequence = time.time_ns() // 1000
unacked = {}
for i in range(batch_count):
    observed_at = Timestamp()
    observed_at.GetCurrentTime()
    unacked[first_sequence + i] = feed_pb2.PublishRequest(
        feed_id=feed_id,
        sequence=first_sequence + i,
        observations=[feed_pb2.Observation(
            observed_at=observed_at,
            measurement=feed_pb2.NodeMeasurement(node_id=node_id, metric=common_pb2.METRIC_OUTPUT_TPD, value=800 + i),
        )],
    )


def channel():
    ca = os.environ.get("MONITORING_CA")
    if ca or os.environ.get("MONITORING_TLS") == "1":
        roots = open(ca, "rb").read() if ca else None
        name = os.environ.get("MONITORING_TLS_NAME")
        options = [("grpc.ssl_target_name_override", name)] if name else []
        return grpc.secure_channel(gateway, grpc.ssl_channel_credentials(root_certificates=roots), options=options)
    return grpc.insecure_channel(gateway)


def publish_once(stub):
    """One stream: send every unacked batch in order, read acks, forget what durable_sequence covers."""
    metadata = [("authorization", f"Bearer {api_key}")] if api_key else []
    pending = [unacked[s] for s in sorted(unacked)]
    for ack in stub.Publish(iter(pending), metadata=metadata, timeout=60):
        for rejected in ack.rejected:
            print(f"batch {ack.sequence}: observation {rejected.index} rejected: {rejected.code} {rejected.message}")
        duplicate = " (duplicate)" if ack.duplicate else ""
        print(f"acked batch {ack.sequence}: accepted {ack.accepted}{duplicate}, durable up to {ack.durable_sequence}")
        for sequence in [s for s in unacked if s <= ack.durable_sequence]:
            del unacked[sequence]


def main():
    retriable = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED, grpc.StatusCode.DEADLINE_EXCEEDED,
                 grpc.StatusCode.INTERNAL, grpc.StatusCode.ABORTED, grpc.StatusCode.RESOURCE_EXHAUSTED}
    backoff = 0.2
    with channel() as ch:
        stub = feed_pb2_grpc.FeedServiceStub(ch)
        attempt = 0
        while unacked:
            attempt += 1
            try:
                publish_once(stub)
            except grpc.RpcError as error:
                if error.code() not in retriable or attempt >= 8:
                    print(f"publishing failed: {error.code().name} {error.details()}", file=sys.stderr)
                    return 1
                # Exponential backoff with jitter, then resend what is not acked (recognised if already applied).
                delay = backoff * random.uniform(0.8, 1.2)
                print(f"stream failed ({error.code().name}): retrying in {int(delay * 1000)} ms")
                time.sleep(delay)
                backoff = min(backoff * 2, 10)
    print(f"all {batch_count} batches acked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
