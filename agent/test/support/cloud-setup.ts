import type { ManualClock } from '@curfew/test-support';
import { type CloudEnv, createCloudEnv } from '../../src/cloud/cloud-env.js';
import { cloudSchema } from '../../src/config/cloud-schema.js';
import type { CloudWorld } from './cloud-world.js';
import { FakeCloud } from './fake-cloud.js';
import { settle } from './fake-context.js';

export const NS_TAG = 'curfew.dev/namespace';
export const POLL_MS = 10_000;

/** The agent's cloud environment on a FakeCloud, configured like the chart would. */
export function fakeCloudEnv(
  world: CloudWorld,
  clock: ManualClock,
  config: Record<string, unknown> = {},
  api: FakeCloud = new FakeCloud(world),
): CloudEnv {
  const parsed = cloudSchema.parse({
    regions: ['eu-west-1', 'us-east-1'],
    pollMs: POLL_MS,
    stopTimeoutMs: 120_000,
    startTimeoutMs: 300_000,
    prices: { 'ec2/t3.medium': 0.0416, 'rds/db.t3.medium': 0.072 },
    ...config,
  });
  const env = createCloudEnv(parsed, 'test-cluster', clock, api);
  if (!env) throw new Error('cloud regions missing');
  return env;
}

/**
 * Lets an action that waits for AWS run to its end: time passes in steps of the poll interval,
 * and before each step `aws` says what happens in AWS meanwhile (default: transitions complete).
 */
export async function driveToEnd<T>(
  action: Promise<T>,
  clock: ManualClock,
  aws: () => void,
  maxSteps = 100,
): Promise<T> {
  let done = false;
  const result = action.finally(() => {
    done = true;
  });
  // Awaited below; until then a failure must not count as unhandled.
  result.catch(() => undefined);
  for (let step = 0; step < maxSteps; step += 1) {
    await settle();
    if (done) break;
    aws();
    await clock.advance(POLL_MS);
  }
  return result;
}
