/**
 * A small AWS account for tests: EC2 instances, RDS DB instances and clusters, in SDK shapes,
 * following AWS's state rules (what stop and start do in each state, which error they give).
 * `FakeCloud` (in memory) and `AwsEndpoint` (EC2 and RDS Query protocols over loopback HTTP,
 * for the real SDK clients) both run on it, so one contract suite checks both.
 * Transitional states end only when the test says so (`settle`), as time passing in AWS.
 */
import type { Tag as Ec2Tag, Instance } from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';

/** An error AWS would send: wire code, message, HTTP status. */
export interface AwsFault {
  code: string;
  message: string;
  status: number;
}

export class AwsFaultError extends Error {
  constructor(readonly fault: AwsFault) {
    super(`${fault.code}: ${fault.message}`);
    this.name = fault.code;
  }
}

export type AwsOperation =
  | 'DescribeInstances'
  | 'StopInstances'
  | 'StartInstances'
  | 'DescribeDBInstances'
  | 'DescribeDBClusters'
  | 'StopDBInstance'
  | 'StartDBInstance'
  | 'StopDBCluster'
  | 'StartDBCluster';

export interface AwsCall {
  op: AwsOperation;
  region: string;
  id?: string;
}

interface Located<T> {
  region: string;
  value: T;
}

/** EC2's numeric state codes, as DescribeInstances and StopInstances carry them. */
export const EC2_CODES: Readonly<Record<string, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export const THROTTLE_EC2: AwsFault = {
  code: 'RequestLimitExceeded',
  message: 'Request limit exceeded.',
  status: 503,
};
export const THROTTLE_RDS: AwsFault = { code: 'Throttling', message: 'Rate exceeded', status: 400 };

const tags = (t: Record<string, string>) =>
  Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

export class CloudWorld {
  readonly instances: Located<Instance>[] = [];
  readonly databases: Located<DBInstance>[] = [];
  readonly clusters: Located<DBCluster>[] = [];
  /** Every call that reached the account, in order. */
  readonly calls: AwsCall[] = [];
  private readonly faults: { op: AwsOperation; fault: AwsFault; left: number }[] = [];

  addInstance(
    region: string,
    id: string,
    state: string,
    tagMap: Record<string, string>,
    extra: Partial<Instance> = {},
  ): void {
    this.instances.push({
      region,
      value: {
        InstanceId: id,
        InstanceType: 't3.medium',
        RootDeviceType: 'ebs',
        State: { Name: state as never, Code: EC2_CODES[state] ?? 0 },
        Tags: tags(tagMap) as Ec2Tag[],
        ...extra,
      },
    });
  }

  addDatabase(
    region: string,
    id: string,
    status: string,
    tagMap: Record<string, string>,
    extra: Partial<DBInstance> = {},
  ): void {
    this.databases.push({
      region,
      value: {
        DBInstanceIdentifier: id,
        DBInstanceClass: 'db.t3.medium',
        Engine: 'postgres',
        DBInstanceStatus: status,
        MultiAZ: false,
        TagList: tags(tagMap),
        ...extra,
      },
    });
    // AWS lists a read replica on its source too.
    const source = extra.ReadReplicaSourceDBInstanceIdentifier;
    const primary = this.databases.find((d) => d.value.DBInstanceIdentifier === source);
    if (primary) {
      primary.value.ReadReplicaDBInstanceIdentifiers = [
        ...(primary.value.ReadReplicaDBInstanceIdentifiers ?? []),
        id,
      ];
    }
  }

  addCluster(
    region: string,
    id: string,
    status: string,
    tagMap: Record<string, string>,
    members: string[],
    extra: Partial<DBCluster> = {},
  ): void {
    this.clusters.push({
      region,
      value: {
        DBClusterIdentifier: id,
        Engine: 'aurora-postgresql',
        EngineMode: 'provisioned',
        Status: status,
        MultiAZ: false,
        TagList: tags(tagMap),
        DBClusterMembers: members.map((m, i) => ({
          DBInstanceIdentifier: m,
          IsClusterWriter: i === 0,
        })),
        ...extra,
      },
    });
  }

  /** The next `times` calls of `op` fail with `fault` (before touching anything). */
  inject(op: AwsOperation, fault: AwsFault, times = 1): void {
    this.faults.push({ op, fault, left: times });
  }

  /** Called by FakeCloud and AwsEndpoint for every request. */
  enter(call: AwsCall): void {
    this.calls.push(call);
    const planned = this.faults.find((f) => f.op === call.op && f.left > 0);
    if (planned) {
      planned.left -= 1;
      throw new AwsFaultError(planned.fault);
    }
  }

  callsOf(op: AwsOperation, id?: string): AwsCall[] {
    return this.calls.filter((c) => c.op === op && (id === undefined || c.id === id));
  }

  state(id: string): string | undefined {
    return (
      this.instance(id)?.value.State?.Name ??
      this.database(id)?.value.DBInstanceStatus ??
      this.cluster(id)?.value.Status
    );
  }

  /** Time passes in AWS: every stopping/pending/starting resource reaches its end state. */
  settle(): void {
    for (const { value } of this.instances) {
      if (value.State?.Name === 'stopping') setEc2(value, 'stopped');
      if (value.State?.Name === 'pending') setEc2(value, 'running');
    }
    for (const { value } of this.databases) {
      if (value.DBInstanceStatus === 'stopping') value.DBInstanceStatus = 'stopped';
      if (value.DBInstanceStatus === 'starting') value.DBInstanceStatus = 'available';
    }
    for (const { value } of this.clusters) {
      if (value.Status === 'stopping') value.Status = 'stopped';
      if (value.Status === 'starting') value.Status = 'available';
    }
  }

  /** Someone (a person, the console, AWS after 7 days) changes a state directly. */
  setState(id: string, state: string): void {
    const instance = this.instance(id);
    if (instance) setEc2(instance.value, state);
    const database = this.database(id);
    if (database) database.value.DBInstanceStatus = state;
    const cluster = this.cluster(id);
    if (cluster) cluster.value.Status = state;
  }

  // --- the operations, with AWS's rules -------------------------------------------------

  describeInstances(region: string): Instance[] {
    this.enter({ op: 'DescribeInstances', region });
    return this.instances.filter((i) => i.region === region).map((i) => structuredClone(i.value));
  }

  describeDatabases(region: string): DBInstance[] {
    this.enter({ op: 'DescribeDBInstances', region });
    return this.databases.filter((d) => d.region === region).map((d) => structuredClone(d.value));
  }

  describeClusters(region: string): DBCluster[] {
    this.enter({ op: 'DescribeDBClusters', region });
    return this.clusters.filter((c) => c.region === region).map((c) => structuredClone(c.value));
  }

  /** Returns [previous, current] like StopInstances' InstanceStateChange. */
  stopInstance(region: string, id: string): [string, string] {
    this.enter({ op: 'StopInstances', region, id });
    const instance = this.instanceIn(region, id);
    const previous = instance.State?.Name ?? 'unknown';
    if (previous === 'stopping' || previous === 'stopped') return [previous, previous];
    if (instance.RootDeviceType === 'instance-store') {
      throw fault(
        'UnsupportedOperation',
        `The instance '${id}' does not have an 'ebs' root device type and cannot be stopped.`,
      );
    }
    if (previous !== 'running') {
      throw fault(
        'IncorrectInstanceState',
        `This instance '${id}' is not in a state from which it can be stopped.`,
      );
    }
    setEc2(instance, 'stopping');
    return [previous, 'stopping'];
  }

  startInstance(region: string, id: string): [string, string] {
    this.enter({ op: 'StartInstances', region, id });
    const instance = this.instanceIn(region, id);
    const previous = instance.State?.Name ?? 'unknown';
    if (previous === 'pending' || previous === 'running') return [previous, previous];
    if (previous !== 'stopped') {
      throw fault(
        'IncorrectInstanceState',
        `The instance '${id}' is not in a state from which it can be started.`,
      );
    }
    setEc2(instance, 'pending');
    return [previous, 'pending'];
  }

  stopDatabase(region: string, id: string): DBInstance {
    this.enter({ op: 'StopDBInstance', region, id });
    const db = this.databaseIn(region, id);
    if (
      db.ReadReplicaSourceDBInstanceIdentifier ||
      (db.ReadReplicaDBInstanceIdentifiers ?? []).length > 0
    ) {
      throw fault('InvalidDBInstanceState', 'Cannot stop or start a Read-Replica instance');
    }
    if (db.DBClusterIdentifier) {
      throw fault(
        'InvalidDBInstanceState',
        `DB instance ${id} is part of DB cluster ${db.DBClusterIdentifier}; stop the cluster.`,
      );
    }
    if (db.DBInstanceStatus !== 'available') {
      throw fault('InvalidDBInstanceState', `Instance ${id} is not in available state.`);
    }
    db.DBInstanceStatus = 'stopping';
    return structuredClone(db);
  }

  startDatabase(region: string, id: string): DBInstance {
    this.enter({ op: 'StartDBInstance', region, id });
    const db = this.databaseIn(region, id);
    if (db.DBInstanceStatus !== 'stopped') {
      throw fault('InvalidDBInstanceState', `Instance ${id} is not stopped, it cannot be started.`);
    }
    db.DBInstanceStatus = 'starting';
    return structuredClone(db);
  }

  stopCluster(region: string, id: string): DBCluster {
    this.enter({ op: 'StopDBCluster', region, id });
    const cluster = this.clusterIn(region, id);
    if (cluster.Status !== 'available') {
      throw fault(
        'InvalidDBClusterStateFault',
        `DbCluster ${id} is in ${cluster.Status} state but expected it to be available.`,
        400,
      );
    }
    cluster.Status = 'stopping';
    return structuredClone(cluster);
  }

  startCluster(region: string, id: string): DBCluster {
    this.enter({ op: 'StartDBCluster', region, id });
    const cluster = this.clusterIn(region, id);
    if (cluster.Status !== 'stopped') {
      throw fault(
        'InvalidDBClusterStateFault',
        `DbCluster ${id} is in ${cluster.Status} state but expected it to be stopped.`,
        400,
      );
    }
    cluster.Status = 'starting';
    return structuredClone(cluster);
  }

  // --- lookups ---------------------------------------------------------------------------

  private instance(id: string) {
    return this.instances.find((i) => i.value.InstanceId === id);
  }

  private database(id: string) {
    return this.databases.find((d) => d.value.DBInstanceIdentifier === id);
  }

  private cluster(id: string) {
    return this.clusters.find((c) => c.value.DBClusterIdentifier === id);
  }

  private instanceIn(region: string, id: string): Instance {
    const found = this.instances.find((i) => i.region === region && i.value.InstanceId === id);
    if (!found) throw fault('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return found.value;
  }

  private databaseIn(region: string, id: string): DBInstance {
    const found = this.databases.find(
      (d) => d.region === region && d.value.DBInstanceIdentifier === id,
    );
    if (!found) throw fault('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
    return found.value;
  }

  private clusterIn(region: string, id: string): DBCluster {
    const found = this.clusters.find(
      (c) => c.region === region && c.value.DBClusterIdentifier === id,
    );
    if (!found) throw fault('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404);
    return found.value;
  }
}

function setEc2(instance: Instance, state: string): void {
  instance.State = { Name: state as never, Code: EC2_CODES[state] ?? 0 };
}

function fault(code: string, message: string, status = 400): AwsFaultError {
  return new AwsFaultError({ code, message, status });
}
