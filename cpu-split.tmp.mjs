import { readFileSync } from 'node:fs';
import { TestNats, startGateway, startWorker } from './dist/cluster/testing/test-cluster.js';
const VIDEO = '/work/shared/data/mediapipe-samples/open_hand_video.mp4';
const streams = Number(process.argv[2] ?? 2), workersN = Number(process.argv[3] ?? 2);
const times = (pid) => { try { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return { self: (+f[11] + +f[12]) * 10, children: (+f[13] + +f[14]) * 10 }; } catch { return { self: 0, children: 0 }; } };
const nats = await TestNats.start();
const { gateway, url } = await startGateway(nats, '/work/shared/data/mediapipe-samples');
const workers = await Promise.all([...Array(workersN).keys()].map((i) => startWorker(nats, `w${i}`, '/work/shared/data/mediapipe-samples', 4, process.env.WPROF ? { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/wprof' } : {})));
const natsPid = nats.pid ?? nats.process?.pid;
const snap = () => ({ gw: times(gateway.pid), w: workers.map((w) => times(w.pid)), nats: natsPid ? times(natsPid) : { self: 0, children: 0 } });
const before = snap(); const t0 = performance.now();
const ids = [];
for (let i = 0; i < streams; i++) { const r = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: { type: 'file', path: VIDEO, realtime: false }, project: 'finger-counter' }) }); ids.push((await r.json()).id); }
let listed;
for (;;) { listed = (await (await fetch(`${url}/api/sessions`)).json()).sessions.filter((s) => ids.includes(s.id)); if (listed.length === streams && listed.every((s) => s.state === 'ended')) break; await new Promise((r) => setTimeout(r, 50)); }
const { readdirSync } = await import('node:fs');
for (const w of workers) { const rows = []; for (const t of readdirSync(`/proc/${w.pid}/task`)) { const st = readFileSync(`/proc/${w.pid}/task/${t}/stat`, 'utf8'); const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); const ms = (+f[11] + +f[12]) * 10; if (ms > 0) rows.push(name + ':' + ms); } console.log('threads', rows.join(' ')); }
const after = snap(); const frames = listed.reduce((a, s) => a + s.metrics.frames.processed, 0);
const per = (a, b) => ((a - b) / frames).toFixed(2);
console.log('frames', frames, 'wall s', ((performance.now() - t0) / 1000).toFixed(2));
console.log('gateway ms/frame', per(after.gw.self, before.gw.self));
after.w.forEach((w, i) => console.log(`worker${i} self`, per(w.self, before.w[i].self), 'ffmpeg(children)', per(w.children, before.w[i].children)));
console.log('nats', per(after.nats.self, before.nats.self), 'natsPid', natsPid);
for (const p of [...workers.reverse(), gateway]) await p.stop(); await nats.stop();
