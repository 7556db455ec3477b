import { NotificationKind } from '@curfew/proto';
import { afterEach } from 'vitest';
import type { Agent } from '../../src/agent.js';
import { ANN } from '../../src/annotations.js';
import type { ClusterDriver } from './cluster-driver.js';
import { type HarnessOptions, ManualClock, makeAgent, startHub } from './harness.js';
import type { TestHub } from './test-hub.js';

export interface World {
  driver: ClusterDriver;
  hub: TestHub;
  address: string;
  clock: ManualClock;
  agent: Agent;
  settle: () => Promise<void>;
}

export async function makeWorld(
  cleanups: (() => Promise<void>)[],
  makeDriver: () => Promise<ClusterDriver>,
  start: number,
  setup: (d: ClusterDriver) => Promise<void>,
  options: Partial<HarnessOptions> = {},
): Promise<World> {
  const driver = await makeDriver();
  cleanups.push(() => driver.stop());
  await setup(driver);
  const { hub, address } = await startHub();
  cleanups.push(() => hub.stop());
  const clock = new ManualClock(start);
  const agent = makeAgent(driver.connect(), address, clock, options);
  cleanups.push(() => agent.stop());
  const settle = async () => {
    for (let i = 0; i < 3; i += 1) {
      await new Promise((r) => setTimeout(r, driver.name === 'fake cluster' ? 0 : 10));
      await agent.reconciler.idle();
    }
  };
  await agent.start();
  await agent.link.whenConnected();
  await settle();
  return { driver, hub, address, clock, agent, settle };
}

/**
 * A `world(make, start, setup, options?)` for one test file, whose worlds are all stopped after
 * each test (register at the top level of the file).
 */
export function worldsStoppedAfterEach() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (
    make: () => Promise<ClusterDriver>,
    start: number,
    setup: (d: ClusterDriver) => Promise<void>,
    options: Partial<HarnessOptions> = {},
  ) => makeWorld(cleanups, make, start, setup, options);
}

export const managed = { [ANN.managed]: 'true' };
export const owner = { [ANN.owner]: 'dev@example.com' };

export function kinds(hub: TestHub, namespace: string) {
  return hub
    .notifications()
    .filter((n) => n.namespace === namespace)
    .map((n) =>
      n.kind === NotificationKind.REMINDER
        ? `reminder ${n.minutesBefore}`
        : NotificationKind[n.kind].toLowerCase(),
    );
}
