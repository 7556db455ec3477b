/**
 * RDS through the SDK: tagged DB instances and DB clusters (every page), stop and start.
 * DescribeDBInstances/DescribeDBClusters cannot filter by tag, but both return `TagList`,
 * so the lists are read whole (100 per page, Marker to the end) and filtered here.
 */
import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  type RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import type { CloudRef, CloudResource } from '@curfew/core';
import { toCloudError } from './aws-errors.js';
import { namespaceFromTags, type TagKeys, tagValue } from './tags.js';

const PAGE = 100;

function instanceResource(db: DBInstance, region: string, namespace: string): CloudResource {
  const name = tagValue(db.TagList, 'Name');
  const replicaOf =
    db.ReadReplicaSourceDBInstanceIdentifier ?? db.ReadReplicaSourceDBClusterIdentifier;
  const replicas = [
    ...(db.ReadReplicaDBInstanceIdentifiers ?? []),
    ...(db.ReadReplicaDBClusterIdentifiers ?? []),
  ];
  return {
    kind: 'rds',
    region,
    id: db.DBInstanceIdentifier ?? '',
    state: db.DBInstanceStatus ?? 'unknown',
    namespace,
    ...(name ? { name } : {}),
    ...(db.DBInstanceClass ? { size: db.DBInstanceClass } : {}),
    ...(db.Engine ? { engine: db.Engine } : {}),
    ...(db.MultiAZ ? { multiAz: true } : {}),
    ...(replicaOf ? { readReplicaOf: replicaOf } : {}),
    ...(replicas.length > 0 ? { readReplicas: replicas } : {}),
    ...(db.DBClusterIdentifier ? { clusterOf: db.DBClusterIdentifier } : {}),
  };
}

function clusterResource(
  cluster: DBCluster,
  region: string,
  namespace: string,
  classOf: ReadonlyMap<string, string>,
): CloudResource {
  const name = tagValue(cluster.TagList, 'Name');
  const replicas = cluster.ReadReplicaIdentifiers ?? [];
  const memberSizes = (cluster.DBClusterMembers ?? [])
    .map((m) => (m.DBInstanceIdentifier ? classOf.get(m.DBInstanceIdentifier) : undefined))
    .filter((size) => size !== undefined);
  return {
    kind: 'rds-cluster',
    region,
    id: cluster.DBClusterIdentifier ?? '',
    state: cluster.Status ?? 'unknown',
    namespace,
    ...(name ? { name } : {}),
    // A Multi-AZ DB cluster (not Aurora) has one instance class for all its members.
    ...(cluster.DBClusterInstanceClass ? { size: cluster.DBClusterInstanceClass } : {}),
    ...(cluster.Engine ? { engine: cluster.Engine } : {}),
    ...(cluster.EngineMode ? { engineMode: cluster.EngineMode } : {}),
    ...(cluster.MultiAZ ? { multiAz: true } : {}),
    ...(cluster.ReplicationSourceIdentifier
      ? { readReplicaOf: cluster.ReplicationSourceIdentifier }
      : {}),
    ...(replicas.length > 0 ? { readReplicas: replicas } : {}),
    ...(cluster.GlobalClusterIdentifier ? { globalCluster: cluster.GlobalClusterIdentifier } : {}),
    ...(memberSizes.length > 0 ? { memberSizes } : {}),
  };
}

/** The tagged DB instances and clusters, as Curfew sees them (also used by the test fake). */
export function rdsResources(
  instances: readonly DBInstance[],
  clusters: readonly DBCluster[],
  region: string,
  keys: TagKeys,
  clusterId: string,
): CloudResource[] {
  const classOf = new Map<string, string>();
  for (const db of instances) {
    if (db.DBInstanceIdentifier && db.DBInstanceClass) {
      classOf.set(db.DBInstanceIdentifier, db.DBInstanceClass);
    }
  }
  const found: CloudResource[] = [];
  const taggedClusters = new Map<string, string>();
  for (const cluster of clusters) {
    const namespace = namespaceFromTags(cluster.TagList, keys, clusterId);
    if (!namespace || !cluster.DBClusterIdentifier) continue;
    taggedClusters.set(cluster.DBClusterIdentifier, namespace);
    found.push(clusterResource(cluster, region, namespace, classOf));
  }
  for (const db of instances) {
    const namespace = namespaceFromTags(db.TagList, keys, clusterId);
    if (!namespace || !db.DBInstanceIdentifier) continue;
    // A member of a cluster tagged for the same namespace is that cluster: it stops and
    // starts with it. Tagged alone, it is listed (and reported: stop the cluster instead).
    if (db.DBClusterIdentifier && taggedClusters.get(db.DBClusterIdentifier) === namespace) {
      continue;
    }
    found.push(instanceResource(db, region, namespace));
  }
  return found;
}

export async function discoverRds(
  client: RDSClient,
  region: string,
  keys: TagKeys,
  clusterId: string,
): Promise<CloudResource[]> {
  const instances: DBInstance[] = [];
  const clusters: DBCluster[] = [];
  try {
    for await (const page of paginateDescribeDBInstances({ client, pageSize: PAGE }, {})) {
      instances.push(...(page.DBInstances ?? []));
    }
  } catch (error) {
    throw toCloudError(error, `DescribeDBInstances in ${region}`);
  }
  try {
    for await (const page of paginateDescribeDBClusters({ client, pageSize: PAGE }, {})) {
      clusters.push(...(page.DBClusters ?? []));
    }
  } catch (error) {
    throw toCloudError(error, `DescribeDBClusters in ${region}`);
  }
  return rdsResources(instances, clusters, region, keys, clusterId);
}

export async function stopRds(client: RDSClient, ref: CloudRef): Promise<string> {
  try {
    if (ref.kind === 'rds-cluster') {
      const out = await client.send(new StopDBClusterCommand({ DBClusterIdentifier: ref.id }));
      return out.DBCluster?.Status ?? 'stopping';
    }
    const out = await client.send(new StopDBInstanceCommand({ DBInstanceIdentifier: ref.id }));
    return out.DBInstance?.DBInstanceStatus ?? 'stopping';
  } catch (error) {
    throw toCloudError(error, `Stop ${ref.kind} ${ref.id} in ${ref.region}`);
  }
}

export async function startRds(client: RDSClient, ref: CloudRef): Promise<string> {
  try {
    if (ref.kind === 'rds-cluster') {
      const out = await client.send(new StartDBClusterCommand({ DBClusterIdentifier: ref.id }));
      return out.DBCluster?.Status ?? 'starting';
    }
    const out = await client.send(new StartDBInstanceCommand({ DBInstanceIdentifier: ref.id }));
    return out.DBInstance?.DBInstanceStatus ?? 'starting';
  } catch (error) {
    throw toCloudError(error, `Start ${ref.kind} ${ref.id} in ${ref.region}`);
  }
}
