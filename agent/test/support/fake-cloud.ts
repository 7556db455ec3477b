/**
 * CloudApi in memory, on a CloudWorld: the same discovery mapping and error classification as
 * AwsCloud (only the SDK and HTTP are missing), plus fault injection for the agent's tests —
 * AWS faults via `world.inject`, and `crashAfterWrites` for an agent killed between requests.
 */
import type { CloudRef, CloudResource } from '@curfew/core';
import { ec2Resources } from '../../src/cloud/aws-ec2.js';
import { toCloudError } from '../../src/cloud/aws-errors.js';
import { rdsResources } from '../../src/cloud/aws-rds.js';
import type { TagKeys } from '../../src/cloud/tags.js';
import { type CloudApi, regionNotConfigured } from '../../src/cloud/types.js';
import { AwsFaultError, type CloudWorld } from './cloud-world.js';
import { CrashedError } from './fake-kube.js';

export const DEFAULT_TAG_KEYS: TagKeys = { namespace: 'curfew.dev/namespace' };

/** A process's life: once dead, every call fails (shared with a crashing KubeApi). */
export interface KillSwitch {
  readonly dead: boolean;
  kill(): void;
}

function alive(): KillSwitch {
  let dead = false;
  return {
    get dead() {
      return dead;
    },
    kill() {
      dead = true;
    },
  };
}

export class FakeCloud implements CloudApi {
  /** Stop/start calls left before the process dies (Infinity: never). */
  writesBeforeCrash = Number.POSITIVE_INFINITY;

  constructor(
    readonly world: CloudWorld,
    private readonly keys: TagKeys = DEFAULT_TAG_KEYS,
    private readonly clusterId = 'test-cluster',
    readonly life: KillSwitch = alive(),
    private readonly regions: readonly string[] = ['eu-west-1', 'us-east-1'],
  ) {}

  async discover(region: string): Promise<CloudResource[]> {
    if (!this.regions.includes(region)) regionNotConfigured(region);
    return this.call(`Describe in ${region}`, () => [
      ...ec2Resources(this.world.describeInstances(region), region, this.keys, this.clusterId),
      ...rdsResources(
        this.world.describeDatabases(region),
        this.world.describeClusters(region),
        region,
        this.keys,
        this.clusterId,
      ),
    ]);
  }

  async stop(ref: CloudRef): Promise<string> {
    if (!this.regions.includes(ref.region)) regionNotConfigured(ref.region);
    return this.write(what('Stop', ref), () => {
      if (ref.kind === 'ec2') return this.world.stopInstance(ref.region, ref.id)[1];
      if (ref.kind === 'rds')
        return this.world.stopDatabase(ref.region, ref.id).DBInstanceStatus ?? '';
      return this.world.stopCluster(ref.region, ref.id).Status ?? '';
    });
  }

  async start(ref: CloudRef): Promise<string> {
    if (!this.regions.includes(ref.region)) regionNotConfigured(ref.region);
    return this.write(what('Start', ref), () => {
      if (ref.kind === 'ec2') return this.world.startInstance(ref.region, ref.id)[1];
      if (ref.kind === 'rds')
        return this.world.startDatabase(ref.region, ref.id).DBInstanceStatus ?? '';
      return this.world.startCluster(ref.region, ref.id).Status ?? '';
    });
  }

  close(): void {}

  private async write<T>(what: string, fn: () => T): Promise<T> {
    const result = await this.call(what, fn);
    this.writesBeforeCrash -= 1;
    if (this.writesBeforeCrash <= 0) this.life.kill();
    return result;
  }

  private async call<T>(what: string, fn: () => T): Promise<T> {
    // A real call is asynchronous: let other work interleave as it would.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.life.dead) throw new CrashedError();
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof AwsFaultError)) throw error;
      // Shaped like an SDK ServiceException, so the real classification applies.
      const { code, message, status } = error.fault;
      throw toCloudError(
        {
          name: code,
          message,
          $fault: status < 500 ? 'client' : 'server',
          $metadata: { httpStatusCode: status },
        },
        what,
      );
    }
  }
}

/** The same words AwsCloud puts before AWS's message, so reports read alike. */
function what(verb: 'Stop' | 'Start', ref: CloudRef): string {
  return ref.kind === 'ec2'
    ? `${verb}Instances ${ref.id} in ${ref.region}`
    : `${verb} ${ref.kind} ${ref.id} in ${ref.region}`;
}
