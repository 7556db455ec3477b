import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type KubeSim, startKubeSim } from '../src/index.js';
import { kubectl } from './helpers.js';

/** The manifest the kubectl suites apply: a namespace, a Deployment and a StatefulSet. */
export function manifest(ns: string, replicas = 2): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        env: [{name: A, value: "1"}]
        resources:
          requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${ns}}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres:16}]
`;
}

/**
 * One kube-sim with a token-protected kubeconfig for a kubectl suite, started before the file's
 * tests and stopped after them; `sim` and `dir` are set once `beforeAll` has run.
 */
export function kubectlSuite() {
  const suite = {
    sim: undefined as unknown as KubeSim,
    dir: '',
    k: (...args: string[]) => kubectl(suite.sim.kubeconfigPath, args),
    applyFile(ns: string, replicas = 2): string {
      const p = join(suite.dir, `${ns}-${replicas}.yaml`);
      writeFileSync(p, manifest(ns, replicas));
      return p;
    },
    async json(...args: string[]) {
      const r = await suite.k(...args, '-o', 'json');
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    },
  };
  beforeAll(async () => {
    suite.dir = mkdtempSync(join(tmpdir(), 'kube-sim-kubectl-'));
    suite.sim = await startKubeSim({
      readyDelayMs: 150,
      kubeconfigPath: join(suite.dir, 'kubeconfig'),
      token: 's3cret',
    });
  });
  afterAll(async () => {
    await suite.sim?.stop();
  });
  return suite;
}
