/**
 * Cloud resources that stop and start with their namespace (SPEC "More from the field → Cloud
 * resources"): EC2 instances, RDS DB instances and RDS DB clusters (Aurora, Multi-AZ DB
 * clusters) tagged with the namespace. The agent discovers them and hands them to the rules
 * here as plain data; these types are AWS's facts, in AWS's words, nothing more.
 */

export const CLOUD_KINDS = ['ec2', 'rds', 'rds-cluster'] as const;
/** `ec2`: an EC2 instance; `rds`: an RDS DB instance; `rds-cluster`: an RDS DB cluster. */
export type CloudKind = (typeof CLOUD_KINDS)[number];

/** What names one resource: its kind, region and AWS identifier. */
export interface CloudRef {
  kind: CloudKind;
  region: string;
  /** `i-0abc…`, the DB instance identifier, or the DB cluster identifier. */
  id: string;
}

/** One discovered resource, as AWS describes it. */
export interface CloudResource extends CloudRef {
  /** AWS's own state word: EC2 `State.Name`, RDS `DBInstanceStatus`, cluster `Status`. */
  state: string;
  /** The namespace its tag names. */
  namespace: string;
  /** Its `Name` tag, for people. */
  name?: string;
  /** Instance type (`t3.medium`) or DB instance class (`db.t3.medium`); none for a cluster. */
  size?: string;
  /** RDS engine (`postgres`, `sqlserver-se`, `aurora-mysql`, …). */
  engine?: string;
  /** RDS cluster engine mode (`provisioned`, `serverless` = Aurora Serverless v1, …). */
  engineMode?: string;
  multiAz?: boolean;
  /** RDS: the source of a read replica (instance or cluster). */
  readReplicaOf?: string;
  /** RDS: read replicas of this instance or cluster. */
  readReplicas?: readonly string[];
  /** RDS instance: the DB cluster it belongs to (Aurora or Multi-AZ DB cluster member). */
  clusterOf?: string;
  /** RDS cluster: the Aurora global database it belongs to. */
  globalCluster?: string;
  /** EC2: the Auto Scaling group it belongs to (its `aws:autoscaling:groupName` tag). */
  autoScalingGroup?: string;
  /** EC2: the root device is an instance store (such instances cannot be stopped). */
  instanceStoreRoot?: boolean;
  /** RDS cluster: its members' DB instance classes, which is what a cluster costs. */
  memberSizes?: readonly string[];
}

export function cloudKey(ref: CloudRef): string {
  return `${ref.kind}/${ref.region}/${ref.id}`;
}

export function sameCloudRef(a: CloudRef, b: CloudRef): boolean {
  return a.kind === b.kind && a.region === b.region && a.id === b.id;
}

/** A resource for people: `rds orders-db (eu-west-1)`, with its Name tag when it has one. */
export function cloudLabel(resource: CloudRef & { name?: string }): string {
  const named = resource.name && resource.name !== resource.id ? ` "${resource.name}"` : '';
  return `${resource.kind} ${resource.id}${named} (${resource.region})`;
}

/**
 * What a state means for stopping and starting:
 * - `running` / `stopped`: settled, stop or start may be called;
 * - `starting` / `stopping`: on its way (EC2 `pending` counts as starting);
 * - `busy`: AWS is doing something else (backing up, modifying, rebooting, maintenance…) and
 *   refuses stop and start until it is done — wait;
 * - `broken`: needs a person (failed, storage full, lost encryption key…) — report;
 * - `gone`: being deleted or terminated.
 */
export type CloudPhase =
  | 'running'
  | 'stopped'
  | 'starting'
  | 'stopping'
  | 'busy'
  | 'broken'
  | 'gone';

const EC2_PHASES: Readonly<Record<string, CloudPhase>> = {
  pending: 'starting',
  running: 'running',
  stopping: 'stopping',
  stopped: 'stopped',
  'shutting-down': 'gone',
  terminated: 'gone',
};

/** RDS instance and cluster statuses that are not "wait until it is done". */
const RDS_PHASES: Readonly<Record<string, CloudPhase>> = {
  available: 'running',
  starting: 'starting',
  stopping: 'stopping',
  stopped: 'stopped',
  deleting: 'gone',
  'delete-precheck': 'gone',
  failed: 'broken',
  'storage-full': 'broken',
  'restore-error': 'broken',
  'insufficient-capacity': 'broken',
  'inaccessible-encryption-credentials': 'broken',
  'inaccessible-encryption-credentials-recoverable': 'broken',
  'cloning-failed': 'broken',
  'migration-failed': 'broken',
};

export function cloudPhase(resource: { kind: CloudKind; state: string }): CloudPhase {
  const state = resource.state.toLowerCase();
  if (resource.kind === 'ec2') return EC2_PHASES[state] ?? 'busy';
  // RDS has dozens of transitional statuses (backing-up, modifying, upgrading, …) and adds
  // more over time; all of them refuse stop/start until they end, so unknown means wait.
  if (state.startsWith('incompatible-')) return 'broken';
  return RDS_PHASES[state] ?? 'busy';
}
