/**
 * Cluster contents for the scenarios, in the demo's fixture format (one builder for both,
 * so the demo shows what the tests prove).
 */
import { type DemoNamespace, fixtureFor } from '../../../scripts/demo/seed.js';

export const ANA = 'ana@example.com';
export const BOB = 'bob@example.com';

export function ns(
  name: string,
  owner: string,
  workloads: DemoNamespace['workloads'],
  cronJob?: string,
): DemoNamespace {
  return { name, owner, managed: true, workloads, ...(cronJob ? { cronJob } : {}) };
}

export const deployment = (name: string, replicas: number) =>
  ({ kind: 'Deployment', name, replicas }) as const;
export const statefulSet = (name: string, replicas: number) =>
  ({ kind: 'StatefulSet', name, replicas }) as const;

export { fixtureFor };
