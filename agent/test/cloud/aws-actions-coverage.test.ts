/**
 * Least privilege, proven from the wire: every AWS action the agent's real client sends is in
 * the documented IAM policy (AGENT_AWS_ACTIONS), and every action in it is one the agent sends.
 */
import { AGENT_AWS_ACTIONS } from '@curfew/contracts';
import { afterAll, expect, it } from 'vitest';
import { AwsCloud } from '../../src/cloud/aws-cloud.js';
import { AwsEndpoint } from '../support/aws-endpoint.js';
import { TEST_CREDENTIALS } from '../support/cloud-drivers.js';
import { CloudWorld } from '../support/cloud-world.js';

const NS = 'curfew.dev/namespace';
const world = new CloudWorld();
const endpoint = new AwsEndpoint(world);
let cloud: AwsCloud | undefined;
afterAll(async () => {
  cloud?.close();
  await endpoint.stop();
});

it('the agent calls exactly the actions of the documented IAM policy', async () => {
  const url = await endpoint.start();
  cloud = new AwsCloud({
    regions: ['eu-west-1'],
    tagKeys: { namespace: NS },
    clusterId: 'c',
    maxAttempts: 1,
    endpoint: url,
    credentials: TEST_CREDENTIALS,
  });
  world.addInstance('eu-west-1', 'i-1', 'running', { [NS]: 'a' });
  world.addDatabase('eu-west-1', 'db', 'available', { [NS]: 'a' });
  world.addCluster('eu-west-1', 'c', 'available', { [NS]: 'a' }, []);
  // Everything the CloudApi can do, for every kind.
  const refs = (await cloud.discover('eu-west-1')).map(({ kind, region, id }) => ({
    kind,
    region,
    id,
  }));
  for (const ref of refs) await cloud.stop(ref);
  world.settle();
  for (const ref of refs) await cloud.start(ref);
  const sent = new Set(endpoint.requests.map((r) => `${r.service}:${r.action}`));
  expect([...sent].sort()).toEqual(Object.values(AGENT_AWS_ACTIONS).flat().sort());
});
