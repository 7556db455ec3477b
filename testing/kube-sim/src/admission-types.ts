import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  rt: ResourceType;
  subresource: string;
  namespace: string;
  name: string;
  /** The object as it will be stored (Scale for /scale); undefined on DELETE. */
  object: KubeObject | undefined;
  oldObject: KubeObject | undefined;
  dryRun: boolean;
  userInfo: UserInfo;
  /** The request's Create/Update/DeleteOptions as the client sent them (AdmissionRequest.options). */
  options?: Record<string, unknown>;
}

/** Mutating then validating admission; resolves to the (possibly mutated) object or throws ApiError. */
export type Admit = (attrs: AdmissionAttributes) => Promise<KubeObject | undefined>;

export const ADMIN: UserInfo = {
  username: 'kube-sim-admin',
  groups: ['system:masters', 'system:authenticated'],
};

export function controllerUser(name: string): UserInfo {
  return {
    username: `system:serviceaccount:kube-system:${name}`,
    groups: [
      'system:serviceaccounts',
      'system:serviceaccounts:kube-system',
      'system:authenticated',
    ],
  };
}
