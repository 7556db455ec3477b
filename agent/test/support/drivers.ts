import type { ClusterDriver } from './cluster-driver.js';
import { FakeDriver } from './fake-driver.js';
import { KubeSimDriver } from './kube-sim-driver.js';

/** Every cluster the scenario suite runs against: same scenarios, fake and real HTTP. */
export const drivers: { name: string; make: () => Promise<ClusterDriver> }[] = [
  { name: 'fake cluster', make: async () => new FakeDriver() },
  { name: 'kube-sim', make: () => KubeSimDriver.start() },
];
