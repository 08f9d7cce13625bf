// A data provider in Node.js: publishes output readings for one node on a FeedService.Publish stream,
// keeps every batch until an ack covers it, and after a failure reconnects with backoff and resends
// what is not acked (docs/api.md). Run from this folder after `npm ci`:
//
//   MONITORING_GATEWAY=127.0.0.1:8081 NODE_ID=mine.cl.escondida node publish.js
//
// Settings (environment): MONITORING_GATEWAY (host:port of the gateway's gRPC port, default
// 127.0.0.1:8081), MONITORING_API_KEY (sent as "authorization: Bearer <key>" when set), FEED_ID (default
// "example-node-feed"), NODE_ID (required), BATCHES (default 3), PROTOS (the monitoring.v1 protos'
// root, default ../../contracts/Monitoring.Api/Protos).
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const gateway = process.env.MONITORING_GATEWAY || '127.0.0.1:8081';
const apiKey = process.env.MONITORING_API_KEY || '';
const feedId = process.env.FEED_ID || 'example-node-feed';
const nodeId = process.env.NODE_ID;
const batchCount = Number(process.env.BATCHES || 3);
// Over TLS: MONITORING_CA (a PEM file to trust) or MONITORING_TLS=1 (the system's CAs); MONITORING_TLS_NAME, the name
// the gateway's certificate carries when you connect by another one (an IP address, say).
const ca = process.env.MONITORING_CA;
const tls = Boolean(ca) || process.env.MONITORING_TLS === '1';
const tlsName = process.env.MONITORING_TLS_NAME;
const protos = process.env.PROTOS || path.join(__dirname, '..', '..', 'contracts', 'Monitoring.Api', 'Protos');

if (!nodeId) {
  console.error('NODE_ID is required, for example NODE_ID=mine.cl.escondida');
  process.exit(2);
}

// Field names as in the .proto files; 64-bit integers as strings; enums by name.
const definition = protoLoader.loadSync('monitoring/v1/feed.proto', {
  includeDirs: [protos],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const monitoring = grpc.loadPackageDefinition(definition).monitoring.v1;

// Sequences must grow across restarts: start at the current time in microseconds, then +1 per batch.
const firstSequence = BigInt(Date.now()) * 1000n;
const unacked = new Map(); // sequence (string) -> PublishRequest
for (let i = 0; i < batchCount; i++) {
  const sequence = (firstSequence + BigInt(i)).toString();
  const now = Date.now();
  unacked.set(sequence, {
    feed_id: feedId,
    sequence,
    observations: [{
      observed_at: { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 },
      measurement: { node_id: nodeId, metric: 'METRIC_OUTPUT_TPD', value: 800 + i, commodity: '' },
    }],
  });
}

function metadata() {
  const m = new grpc.Metadata();
  if (apiKey) m.add('authorization', `Bearer ${apiKey}`);
  return m;
}

// One stream: send every unacked batch in order, read acks, forget what durable_sequence covers.
function publishOnce(client) {
  return new Promise((resolve, reject) => {
    const call = client.Publish(metadata(), { deadline: Date.now() + 60_000 });
    call.on('data', (ack) => {
      for (const rejected of ack.rejected) {
        console.log(`batch ${ack.sequence}: observation ${rejected.index} rejected: ${rejected.code} ${rejected.message}`);
      }
      console.log(`acked batch ${ack.sequence}: accepted ${ack.accepted}${ack.duplicate ? ' (duplicate)' : ''}, durable up to ${ack.durable_sequence}`);
      const durable = BigInt(ack.durable_sequence);
      for (const sequence of [...unacked.keys()]) {
        if (BigInt(sequence) <= durable) unacked.delete(sequence);
      }
      if (unacked.size === 0) call.end();
    });
    call.on('error', reject);
    call.on('end', resolve);
    for (const request of unacked.values()) call.write(request);
  });
}

async function main() {
  const credentials = tls ? grpc.credentials.createSsl(ca ? fs.readFileSync(ca) : null) : grpc.credentials.createInsecure();
  const client = new monitoring.FeedService(gateway, credentials, tlsName ? { 'grpc.ssl_target_name_override': tlsName } : {});
  let backoffMs = 200;
  for (let attempt = 1; unacked.size > 0; attempt++) {
    try {
      await publishOnce(client);
    } catch (error) {
      const retriable = [grpc.status.UNAVAILABLE, grpc.status.CANCELLED, grpc.status.DEADLINE_EXCEEDED, grpc.status.INTERNAL].includes(error.code);
      if (!retriable || attempt >= 8) {
        console.error(`publishing failed: ${grpc.status[error.code] || error.code} ${error.details || error.message}`);
        process.exitCode = 1;
        break;
      }
      // Exponential backoff with jitter, then resend what is not acked (recognised if already applied).
      const delay = backoffMs * (0.8 + Math.random() * 0.4);
      console.log(`stream failed (${grpc.status[error.code]}): retrying in ${Math.round(delay)} ms`);
      await new Promise((r) => setTimeout(r, delay));
      backoffMs = Math.min(backoffMs * 2, 10_000);
    }
  }
  client.close();
  if (unacked.size === 0) console.log(`all ${batchCount} batches acked`);
}

main();
