import type { CloudRef, CloudResource } from '@curfew/core';

/**
 * The agent's one boundary to the cloud: discovery and the stop/start calls, nothing else.
 * The real implementation is `AwsCloud` (AWS SDK v3); tests swap in a fake with fault
 * injection. Everything here is per region because AWS is: a region is its own endpoint.
 */
export interface CloudApi {
  /**
   * Every resource in `region` tagged with a namespace (and, when configured, this cluster):
   * EC2 instances, RDS DB instances and DB clusters, every page of them.
   */
  discover(region: string): Promise<CloudResource[]>;
  /** Asks AWS to stop it; resolves with the state AWS answered (`stopping`, …). */
  stop(ref: CloudRef): Promise<string>;
  /** Asks AWS to start it; resolves with the state AWS answered (`pending`, `starting`, …). */
  start(ref: CloudRef): Promise<string>;
  /** Releases connections (the agent is shutting down). */
  close(): void;
}

/**
 * - `wrong-state`: not now (EC2 `IncorrectInstanceState`, RDS `InvalidDBInstanceState`):
 *   describe again and re-plan;
 * - `not-found`: AWS no longer has it;
 * - `denied`: the IAM policy does not allow it (or the resource lacks the tag it requires);
 * - `refused`: AWS will not do it for this resource — asking again fails again;
 * - `unavailable`: throttled past the SDK's own retries, a 5xx, or the network: try later.
 */
export type CloudErrorKind = 'wrong-state' | 'not-found' | 'denied' | 'refused' | 'unavailable';

export class CloudError extends Error {
  override readonly name = 'CloudError';

  constructor(
    message: string,
    readonly kind: CloudErrorKind,
    /** AWS's error code, e.g. `IncorrectInstanceState`. */
    readonly code: string,
  ) {
    super(message);
  }
}

export function isCloudError(error: unknown, kind?: CloudErrorKind): error is CloudError {
  return error instanceof CloudError && (kind === undefined || error.kind === kind);
}

/** A recorded resource in a region taken out of the configuration since it was stopped. */
export function regionNotConfigured(region: string): never {
  throw new CloudError(
    `region ${region} is not configured: add it to the agent's cloud regions (CURFEW_CLOUD_REGIONS)`,
    'refused',
    'RegionNotConfigured',
  );
}
