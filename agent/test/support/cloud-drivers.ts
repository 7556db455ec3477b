import { AwsCloud } from '../../src/cloud/aws-cloud.js';
import type { TagKeys } from '../../src/cloud/tags.js';
import type { CloudApi } from '../../src/cloud/types.js';
import { AwsEndpoint } from './aws-endpoint.js';
import { CloudWorld } from './cloud-world.js';
import { DEFAULT_TAG_KEYS, FakeCloud } from './fake-cloud.js';

export const REGIONS = ['eu-west-1', 'us-east-1'];
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };

export interface CloudUnderTest {
  world: CloudWorld;
  api: CloudApi;
  stop: () => Promise<void>;
}

/** The same CloudWorld behind the in-memory fake, or behind the real SDK over loopback HTTP. */
export const cloudDrivers: {
  name: string;
  make: (keys?: TagKeys) => Promise<CloudUnderTest>;
}[] = [
  {
    name: 'fake cloud',
    make: async (keys = DEFAULT_TAG_KEYS) => {
      const world = new CloudWorld();
      return { world, api: new FakeCloud(world, keys), stop: async () => {} };
    },
  },
  {
    name: 'AWS SDK on a loopback endpoint',
    make: async (keys = DEFAULT_TAG_KEYS) => {
      const world = new CloudWorld();
      const endpoint = new AwsEndpoint(world);
      const url = await endpoint.start();
      const api = new AwsCloud({
        regions: REGIONS,
        tagKeys: keys,
        clusterId: 'test-cluster',
        maxAttempts: 3,
        endpoint: url,
        credentials: TEST_CREDENTIALS,
      });
      return {
        world,
        api,
        stop: async () => {
          api.close();
          await endpoint.stop();
        },
      };
    },
  },
];
