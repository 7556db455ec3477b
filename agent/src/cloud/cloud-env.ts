/**
 * What the actions need to stop and start a namespace's cloud resources, built once by the agent
 * when cloud regions are configured (absent otherwise: the actions then skip the cloud entirely).
 */
import type { Clock } from '@curfew/core';
import type { CloudConfig } from '../config/cloud-schema.js';
import type { AwsCloudOptions } from './aws-cloud.js';
import { CloudInventory } from './inventory.js';
import type { CloudApi } from './types.js';

export interface CloudEnv {
  api: CloudApi;
  inventory: CloudInventory;
  /** Describe only: plans are reported with "would", nothing is recorded, stopped or started. */
  dryRun: boolean;
  /** How often states are looked at again while an action waits for AWS. */
  pollMs: number;
  stopTimeoutMs: number;
  startTimeoutMs: number;
  /** How old a lookup an action may plan from (a schedule's 200 suspends share one). */
  freshMs: number;
  waits: CloudWaits;
}

/** Sleeps on the agent's clock; every sleep ends (rejects) when the agent stops leading. */
export class CloudWaits {
  private readonly sleeping = new Set<{ cancel: () => void; reject: (e: Error) => void }>();

  constructor(private readonly clock: Clock) {}

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = {
        cancel: () => {},
        reject,
      };
      entry.cancel = this.clock.at(this.clock.now() + ms, () => {
        this.sleeping.delete(entry);
        resolve();
      });
      this.sleeping.add(entry);
    });
  }

  /** Leadership lost or shutdown: waiting actions give up; the next leader finishes them. */
  cancelAll(): void {
    for (const entry of [...this.sleeping]) {
      this.sleeping.delete(entry);
      entry.cancel();
      entry.reject(new Error('cloud wait abandoned: this agent stopped leading'));
    }
  }
}

/** A lookup up to this old is fresh enough to plan an action from. */
const ACTION_FRESH_MS = 5_000;

export function createCloudEnv(
  config: CloudConfig,
  clusterId: string,
  clock: Clock,
  api?: CloudApi,
): CloudEnv | undefined {
  if (config.regions.length === 0) return undefined;
  const cloudApi =
    api ??
    lazyAwsCloud({
      regions: config.regions,
      tagKeys: {
        namespace: config.namespaceTag,
        ...(config.clusterTag ? { cluster: config.clusterTag } : {}),
      },
      clusterId,
      maxAttempts: config.maxAttempts,
    });
  return {
    api: cloudApi,
    inventory: new CloudInventory({
      api: cloudApi,
      regions: config.regions,
      clock,
      ttlMs: config.cacheTtlMs,
      prices: config.prices,
    }),
    dryRun: config.dryRun,
    pollMs: config.pollMs,
    stopTimeoutMs: config.stopTimeoutMs,
    startTimeoutMs: config.startTimeoutMs,
    freshMs: Math.min(ACTION_FRESH_MS, config.cacheTtlMs),
    waits: new CloudWaits(clock),
  };
}

/**
 * AwsCloud, loaded on first use: the EC2 and RDS SDK clients are megabytes of JavaScript, and an
 * agent must start (and pass its readiness probe) without waiting for them.
 */
function lazyAwsCloud(options: AwsCloudOptions): CloudApi {
  let loaded: Promise<CloudApi> | undefined;
  let closed = false;
  const cloud = () => {
    loaded ??= import('./aws-cloud.js').then(({ AwsCloud }) => new AwsCloud(options));
    return loaded;
  };
  return {
    discover: async (region) => (await cloud()).discover(region),
    stop: async (ref) => (await cloud()).stop(ref),
    start: async (ref) => (await cloud()).start(ref),
    close: () => {
      if (closed) return;
      closed = true;
      void loaded?.then((api) => api.close());
    },
  };
}
