/**
 * EC2 through the SDK: tagged instances (every page), stop and start one instance. The
 * namespace tag is filtered by AWS (`tag-key`, and `tag:<cluster key>` when set), so an
 * account with thousands of untagged instances costs one small answer.
 */
import {
  type EC2Client,
  type Filter,
  type Instance,
  paginateDescribeInstances,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { CloudResource } from '@curfew/core';
import { toCloudError } from './aws-errors.js';
import { namespaceFromTags, type TagKeys, tagValue } from './tags.js';

/** The tag EC2 Auto Scaling puts on every instance it launches. */
const ASG_TAG = 'aws:autoscaling:groupName';

/** What EC2 filters on its side; `ec2Resources` checks the same again. */
export function ec2TagFilters(keys: TagKeys, clusterId: string): Filter[] {
  const out: Filter[] = [{ Name: 'tag-key', Values: [keys.namespace] }];
  if (keys.cluster) out.push({ Name: `tag:${keys.cluster}`, Values: [clusterId] });
  return out;
}

function toResource(instance: Instance, region: string, namespace: string): CloudResource {
  const name = tagValue(instance.Tags, 'Name');
  const asg = tagValue(instance.Tags, ASG_TAG);
  return {
    kind: 'ec2',
    region,
    id: instance.InstanceId ?? '',
    state: instance.State?.Name ?? 'unknown',
    namespace,
    ...(name ? { name } : {}),
    ...(instance.InstanceType ? { size: instance.InstanceType } : {}),
    ...(asg ? { autoScalingGroup: asg } : {}),
    ...(instance.RootDeviceType === 'instance-store' ? { instanceStoreRoot: true } : {}),
  };
}

/** The tagged instances among `instances`, as Curfew sees them (also used by the test fake). */
export function ec2Resources(
  instances: readonly Instance[],
  region: string,
  keys: TagKeys,
  clusterId: string,
): CloudResource[] {
  const found: CloudResource[] = [];
  for (const instance of instances) {
    const namespace = namespaceFromTags(instance.Tags, keys, clusterId);
    if (namespace && instance.InstanceId) found.push(toResource(instance, region, namespace));
  }
  return found;
}

export async function discoverEc2(
  client: EC2Client,
  region: string,
  keys: TagKeys,
  clusterId: string,
): Promise<CloudResource[]> {
  const instances: Instance[] = [];
  try {
    // MaxResults 1000 is EC2's largest page; the paginator follows NextToken to the end.
    const pages = paginateDescribeInstances(
      { client, pageSize: 1000 },
      { Filters: ec2TagFilters(keys, clusterId) },
    );
    for await (const page of pages) {
      for (const reservation of page.Reservations ?? []) {
        instances.push(...(reservation.Instances ?? []));
      }
    }
  } catch (error) {
    throw toCloudError(error, `DescribeInstances in ${region}`);
  }
  return ec2Resources(instances, region, keys, clusterId);
}

export async function stopEc2(client: EC2Client, region: string, id: string): Promise<string> {
  try {
    const out = await client.send(new StopInstancesCommand({ InstanceIds: [id] }));
    return out.StoppingInstances?.[0]?.CurrentState?.Name ?? 'stopping';
  } catch (error) {
    throw toCloudError(error, `StopInstances ${id} in ${region}`);
  }
}

export async function startEc2(client: EC2Client, region: string, id: string): Promise<string> {
  try {
    const out = await client.send(new StartInstancesCommand({ InstanceIds: [id] }));
    return out.StartingInstances?.[0]?.CurrentState?.Name ?? 'pending';
  } catch (error) {
    throw toCloudError(error, `StartInstances ${id} in ${region}`);
  }
}
