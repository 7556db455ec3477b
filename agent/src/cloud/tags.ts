/**
 * Which namespace a resource belongs to, from its tags. Platform teams tag resources with the
 * namespace (and, where one AWS account serves several clusters, the cluster): a resource
 * whose cluster tag names another cluster belongs to that cluster's agent, not this one.
 */
export interface TagKeys {
  /** Default `curfew.dev/namespace`. */
  namespace: string;
  /** Default unset: every resource with the namespace tag is this cluster's. */
  cluster?: string;
}

export interface Tag {
  Key?: string | undefined;
  Value?: string | undefined;
}

export function tagValue(tags: readonly Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

/** The namespace this resource belongs to in this cluster, or undefined when it is not ours. */
export function namespaceFromTags(
  tags: readonly Tag[] | undefined,
  keys: TagKeys,
  clusterId: string,
): string | undefined {
  const namespace = tagValue(tags, keys.namespace);
  if (!namespace) return undefined;
  if (keys.cluster && tagValue(tags, keys.cluster) !== clusterId) return undefined;
  return namespace;
}
