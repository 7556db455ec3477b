/**
 * kube-sim in a process of its own for the agent memory bench (started by kube-sim-process.ts
 * with an IPC channel). The bench's own writes go straight to the simulator's API in this
 * process, so the request log holds only what the agent asked over HTTP.
 */
import { mustResource, startKubeSim } from '@curfew/kube-sim';

const NS = mustResource('', 'namespaces');
const PODS = mustResource('', 'pods');

export type Request =
  | { op: 'populate'; namespaces: number; pods: number }
  | { op: 'churn'; pods: number }
  | { op: 'mark' }
  | { op: 'requests' }
  | { op: 'stop' };

export interface RequestCounts {
  /** Agent requests since the last mark, by verb (`list`, `watch`, `get`, `patch`, …). */
  byVerb: Record<string, number>;
}

const sim = await startKubeSim({
  token: 'bench-token',
  // Enough history that the agent's watches never fall behind it (no 410 relist).
  watchHistory: 200_000,
  // Controllers' Events would grow kube-sim, not the agent; they are not what is measured.
  events: false,
});
let markAt = 0;
let serial = 0;
const live: string[] = [];

function pod(namespace: string, name: string) {
  return {
    metadata: { name, namespace, labels: { app: name.replace(/-\d+$/, '') } },
    spec: {
      containers: [
        { name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '32Mi' } } },
      ],
    },
  };
}

async function populate(namespaces: number, pods: number) {
  for (let n = 0; n < namespaces; n++) {
    await sim.api.create(NS, '', {
      metadata: { name: `ns-${n}`, labels: { 'curfew.dev/managed': 'true' } },
    });
  }
  for (let p = 0; p < pods; p++) {
    const namespace = `ns-${p % namespaces}`;
    const name = `pod-${serial++}`;
    await sim.api.create(PODS, namespace, pod(namespace, name));
    live.push(`${namespace}/${name}`);
  }
  // The simulated kubelet starts every pod before the agent comes.
  while (sim.store.list(PODS, undefined).some((p) => p.status?.phase !== 'Running')) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `pods` pods replaced (deleted, and a new one created in the same namespace), as a rollout does. */
async function churn(pods: number) {
  for (let i = 0; i < pods && live.length > 0; i++) {
    const index = (serial * 7919) % live.length;
    const [namespace, name] = (live[index] as string).split('/') as [string, string];
    await sim.api.delete(PODS, namespace, name, { gracePeriodSeconds: 0 });
    const fresh = `pod-${serial++}`;
    await sim.api.create(PODS, namespace, pod(namespace, fresh));
    live[index] = `${namespace}/${fresh}`;
  }
}

function requests(): RequestCounts {
  const byVerb: Record<string, number> = {};
  for (const entry of sim.requestLog.entries.slice(markAt)) {
    byVerb[entry.verb] = (byVerb[entry.verb] ?? 0) + 1;
  }
  return { byVerb };
}

process.on('message', (message: Request & { id: number }) => {
  const reply = (value: unknown) => process.send?.({ id: message.id, value });
  const fail = (error: unknown) => process.send?.({ id: message.id, error: String(error) });
  switch (message.op) {
    case 'populate':
      populate(message.namespaces, message.pods).then(() => reply(null), fail);
      break;
    case 'churn':
      churn(message.pods).then(() => reply(null), fail);
      break;
    case 'mark':
      markAt = sim.requestLog.entries.length;
      reply(null);
      break;
    case 'requests':
      reply(requests());
      break;
    case 'stop':
      void sim.stop().then(() => {
        reply(null);
        process.exit(0);
      });
      break;
  }
});
process.send?.({ ready: { kubeconfig: sim.kubeconfig } });
