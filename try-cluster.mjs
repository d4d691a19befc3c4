import { connectCluster } from '/work/main/dist/cluster/cluster-connection.js';
import { openClusterStores, EVENTS_STREAM } from '/work/main/dist/cluster/cluster-stores.js';
import { requestStream } from '/work/main/dist/cluster/stream-requests.js';
import { loadConfig } from '/work/main/dist/orchestrator/config.js';
import { DeliverPolicy } from '@nats-io/jetstream';
const config = await loadConfig({ flags: { cluster: { url: 'nats://127.0.0.1:14222' } } });
const nc = await connectCluster(config.cluster, 'try');
const stores = await openClusterStores(nc, config.cluster);
const s = await requestStream(stores, { type: 'file', path: '/work/shared/data/landmarks-reference/asl_hand.25fps.mp4', realtime: true }, 'finger-counter');
console.log('requested', s.id);
const consumer = await stores.js.consumers.get(EVENTS_STREAM, { filter_subjects: `handflow.events.${s.id}`, deliver_policy: DeliverPolicy.All });
const msgs = await consumer.consume();
const frames = new Set(); let events = 0;
const t = setTimeout(() => msgs.stop(), 25000);
for await (const m of msgs) { const b = m.json(); if (b.frame !== null) frames.add(b.frame); events += b.events.length; if (frames.size % 50 === 0) console.log(frames.size, b.worker); const p = await stores.progress.get(s.id); if (p?.json().ended) { console.log('ended', p.json()); break; } }
console.log('frames', frames.size, 'events', events);
await nc.close();
