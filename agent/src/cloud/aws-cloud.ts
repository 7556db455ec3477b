/**
 * CloudApi on the AWS SDK for JavaScript v3. One EC2 and one RDS client per configured region.
 * Credentials come from the SDK's standard provider chain (environment, IRSA web identity,
 * EKS Pod Identity, instance profile), so nothing secret is in Curfew's configuration; the
 * hub never holds any. Throttling (`RequestLimitExceeded`, `Throttling`) is retried by the
 * SDK's adaptive mode, which also slows this client down for everyone sharing the account.
 */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import type { CloudRef, CloudResource } from '@curfew/core';
import { discoverEc2, startEc2, stopEc2 } from './aws-ec2.js';
import { discoverRds, startRds, stopRds } from './aws-rds.js';
import type { TagKeys } from './tags.js';
import { type CloudApi, regionNotConfigured } from './types.js';

export interface AwsCloudOptions {
  regions: readonly string[];
  tagKeys: TagKeys;
  /** This cluster's id: the value the cluster tag must have, when a cluster tag is set. */
  clusterId: string;
  /** Attempts per call, the first included (the SDK's `maxAttempts`). */
  maxAttempts: number;
  /** Tests only: a local endpoint instead of AWS's, and fixed credentials for it. */
  endpoint?: string;
  credentials?: EC2ClientConfig['credentials'];
}

export class AwsCloud implements CloudApi {
  private readonly ec2 = new Map<string, EC2Client>();
  private readonly rds = new Map<string, RDSClient>();

  constructor(private readonly options: AwsCloudOptions) {
    for (const region of options.regions) {
      const config = {
        region,
        retryMode: 'adaptive',
        maxAttempts: options.maxAttempts,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      };
      this.ec2.set(region, new EC2Client(config));
      this.rds.set(region, new RDSClient(config));
    }
  }

  async discover(region: string): Promise<CloudResource[]> {
    const { tagKeys, clusterId } = this.options;
    const ec2 = this.ec2Of(region);
    const rds = this.rdsOf(region);
    const [instances, databases] = await Promise.all([
      discoverEc2(ec2, region, tagKeys, clusterId),
      discoverRds(rds, region, tagKeys, clusterId),
    ]);
    return [...instances, ...databases];
  }

  async stop(ref: CloudRef): Promise<string> {
    return ref.kind === 'ec2'
      ? stopEc2(this.ec2Of(ref.region), ref.region, ref.id)
      : stopRds(this.rdsOf(ref.region), ref);
  }

  async start(ref: CloudRef): Promise<string> {
    return ref.kind === 'ec2'
      ? startEc2(this.ec2Of(ref.region), ref.region, ref.id)
      : startRds(this.rdsOf(ref.region), ref);
  }

  /** Closes the clients' keep-alive sockets (shutdown, tests). */
  close(): void {
    for (const client of [...this.ec2.values(), ...this.rds.values()]) client.destroy();
  }

  private ec2Of(region: string): EC2Client {
    return this.ec2.get(region) ?? regionNotConfigured(region);
  }

  private rdsOf(region: string): RDSClient {
    return this.rds.get(region) ?? regionNotConfigured(region);
  }
}
