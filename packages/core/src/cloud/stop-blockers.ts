/**
 * Resources AWS will not stop, or that must not be stopped one by one. Each is reported with
 * what to do and never attempted: asking again would fail again, every suspend, forever.
 * Sources: the RDS user guide "Stopping an Amazon RDS DB instance temporarily" and "Stopping
 * and starting an Amazon Aurora DB cluster" (limitations), the EC2 user guide "Stop and start
 * Amazon EC2 instances", and EC2 Auto Scaling health checks.
 */
import type { CloudResource } from './cloud-resource.js';

export interface StopBlocker {
  /** Short and stable: shown in status lists, used in tests. */
  code:
    | 'auto-scaling-group'
    | 'instance-store-root'
    | 'read-replica'
    | 'has-read-replicas'
    | 'sqlserver-multi-az'
    | 'cluster-member'
    | 'aurora-serverless-v1'
    | 'global-database';
  /** What is wrong and what to do, for the owner. */
  reason: string;
}

const list = (ids: readonly string[]) => ids.join(', ');

/** Why this resource cannot be stopped with its namespace, or null when it can. */
export function stopBlocker(resource: CloudResource): StopBlocker | null {
  if (resource.kind === 'ec2') {
    if (resource.autoScalingGroup) {
      // The group's health check sees a stopped instance as unhealthy and replaces it: the
      // stop would cost a new instance, not save one.
      return {
        code: 'auto-scaling-group',
        reason: `belongs to Auto Scaling group ${resource.autoScalingGroup}, which would replace a stopped instance; scale the group to 0 instead`,
      };
    }
    if (resource.instanceStoreRoot) {
      return {
        code: 'instance-store-root',
        reason: 'has an instance-store root device; EC2 can only stop EBS-backed instances',
      };
    }
    return null;
  }
  if (resource.readReplicaOf) {
    return {
      code: 'read-replica',
      reason: `is a read replica of ${resource.readReplicaOf}; AWS cannot stop read replicas`,
    };
  }
  if (resource.readReplicas && resource.readReplicas.length > 0) {
    return {
      code: 'has-read-replicas',
      reason: `has read replicas (${list(resource.readReplicas)}); AWS cannot stop a database with read replicas — delete or promote them first`,
    };
  }
  if (resource.kind === 'rds') {
    if (resource.clusterOf) {
      return {
        code: 'cluster-member',
        reason: `is a member of DB cluster ${resource.clusterOf}, which stops as a whole; tag the cluster instead`,
      };
    }
    if (resource.multiAz && resource.engine?.startsWith('sqlserver')) {
      return {
        code: 'sqlserver-multi-az',
        reason: 'is RDS for SQL Server in a Multi-AZ configuration, which AWS cannot stop',
      };
    }
    return null;
  }
  if (resource.engineMode === 'serverless') {
    return {
      code: 'aurora-serverless-v1',
      reason: 'is an Aurora Serverless v1 cluster, which AWS cannot stop (it pauses by itself)',
    };
  }
  if (resource.globalCluster) {
    return {
      code: 'global-database',
      reason: `belongs to Aurora global database ${resource.globalCluster}, which AWS cannot stop`,
    };
  }
  return null;
}
