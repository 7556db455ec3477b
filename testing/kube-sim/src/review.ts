import type { UserInfo } from './admission-types.js';
import { isPlainObject } from './object.js';
import type { ResourceType } from './resources.js';
import { groupVersion } from './resources.js';
import { badRequest } from './status.js';

/**
 * Answers the create-only review types. The simulator has no RBAC: the authenticated user
 * (there is only one) may do everything, which is what a cluster-admin sees.
 */
export function answerReview(
  rt: ResourceType,
  body: unknown,
  user: UserInfo,
): Record<string, unknown> {
  if (!isPlainObject(body)) throw badRequest(`send a ${rt.kind} object with a spec`);
  const base = {
    kind: rt.kind,
    apiVersion: groupVersion(rt),
    metadata: { creationTimestamp: null },
    ...(isPlainObject(body.spec) ? { spec: body.spec } : { spec: {} }),
  };
  switch (rt.kind) {
    case 'SelfSubjectAccessReview':
      return { ...base, status: { allowed: true } };
    case 'SelfSubjectRulesReview':
      return {
        ...base,
        status: {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        },
      };
    default:
      return {
        kind: rt.kind,
        apiVersion: groupVersion(rt),
        metadata: { creationTimestamp: null },
        status: { userInfo: user },
      };
  }
}
