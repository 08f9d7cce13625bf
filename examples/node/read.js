// A client of the read side in Node.js: loads every public proto of monitoring.v1 (they import
// google/api/annotations.proto, for the JSON API's routes, which the npm package google-proto-files provides),
// then reads one node and the open disruptions (docs/api.md, "Clients in other languages"). Run from this folder
// after `npm ci`:
//
//   MONITORING_GATEWAY=127.0.0.1:8081 NODE_ID=mine.cl.escondida node read.js
//
// Settings (environment): MONITORING_GATEWAY, MONITORING_API_KEY, NODE_ID (required) and PROTOS, as for publish.js.
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const gateway = process.env.MONITORING_GATEWAY || '127.0.0.1:8081';
const apiKey = process.env.MONITORING_API_KEY || '';
const nodeId = process.env.NODE_ID;
const protos = process.env.PROTOS || path.join(__dirname, '..', '..', 'contracts', 'Monitoring.Api', 'Protos');
// The googleapis protos (google/api/annotations.proto, google/api/http.proto), from npm.
const googleapis = path.dirname(require.resolve('google-proto-files/package.json'));

if (!nodeId) {
  console.error('NODE_ID is required, for example NODE_ID=mine.cl.escondida');
  process.exit(2);
}

// Every public proto, so that a missing import shows here rather than in production.
const files = fs.readdirSync(path.join(protos, 'monitoring', 'v1')).filter(f => f.endsWith('.proto')).map(f => `monitoring/v1/${f}`);
const definition = protoLoader.loadSync(files, {
  includeDirs: [protos, googleapis],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const monitoring = grpc.loadPackageDefinition(definition).monitoring.v1;
console.log(`loaded ${files.length} protos: ${Object.keys(monitoring).filter(k => monitoring[k].service).sort().join(', ')}`);

const metadata = new grpc.Metadata();
if (apiKey) metadata.add('authorization', `Bearer ${apiKey}`);
const client = new monitoring.MonitoringService(gateway, grpc.credentials.createInsecure());
const deadline = () => new Date(Date.now() + 10000);

client.GetNode({ node_id: nodeId }, metadata, { deadline: deadline() }, (error, node) => {
  if (error) {
    console.error(`GetNode failed: ${error.code} ${error.details}`);
    process.exit(1);
  }
  console.log(`node ${node.node.id} (${node.node.name}): ${node.status}, ${node.observations_applied} observations applied`);
  for (const series of node.metrics) {
    const last = series.points[series.points.length - 1];
    // Timestamps arrive as {seconds, nanos}; seconds is a string (longs: String).
    const at = last ? new Date(Number(last.at.seconds) * 1000 + last.at.nanos / 1e6).toISOString() : '-';
    console.log(`  ${series.metric}: latest ${series.latest}${last ? ` at ${at} from feed ${last.feed_id}` : ''}`);
  }
  client.ListDisruptions({ subject_id: nodeId }, metadata, { deadline: deadline() }, (listError, list) => {
    if (listError) {
      console.error(`ListDisruptions failed: ${listError.code} ${listError.details}`);
      process.exit(1);
    }
    console.log(`${list.disruptions.length} disruptions on ${nodeId}`);
    client.close();
  });
});
