/**
 * The agent's AWS permissions: the ONE source for the IAM policy helm/README.md documents and for
 * the check that the agent's real AWS client calls nothing else (agent/test/cloud: every request
 * the SDK sends to the loopback EC2/RDS endpoint must be one of AGENT_AWS_ACTIONS, and each of
 * them is sent).
 *
 * Least privilege: Describe* on `*` (EC2 and RDS list actions do not take resource-level
 * permissions), and Stop and Start only on resources that carry the namespace tag — and, when the
 * agent is configured with a cluster tag, that tag with this cluster's id — through
 * `aws:ResourceTag` conditions. Nothing else: no create, modify, delete or tag actions, so the
 * agent can neither stop an untagged resource nor tag one to make it stoppable.
 */

import { deepFreeze } from './freeze.js';

/** `service:Action`, exactly as IAM and CloudTrail name them. */
export const AGENT_AWS_ACTIONS = deepFreeze({
  describe: ['ec2:DescribeInstances', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  ec2StopStart: ['ec2:StartInstances', 'ec2:StopInstances'],
  rdsStopStart: [
    'rds:StartDBCluster',
    'rds:StartDBInstance',
    'rds:StopDBCluster',
    'rds:StopDBInstance',
  ],
});

export interface IamPolicyInput {
  /** The tag naming a resource's namespace (the agent's `cloud.namespaceTag`). */
  namespaceTag: string;
  /** With `clusterId`: the tag naming the cluster (the agent's `cloud.clusterTag`). */
  clusterTag?: string;
  clusterId?: string;
}

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: Statement[];
}

/** The policy for the agent's IAM role (IRSA or EKS Pod Identity). */
export function agentIamPolicy(input: IamPolicyInput): IamPolicy {
  // Null:false = "the tag exists", whatever its value: the namespace is the agent's to map.
  const condition: Record<string, Record<string, string>> = {
    Null: { [`aws:ResourceTag/${input.namespaceTag}`]: 'false' },
  };
  if (input.clusterTag && input.clusterId) {
    condition.StringEquals = { [`aws:ResourceTag/${input.clusterTag}`]: input.clusterId };
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CurfewDiscover',
        Effect: 'Allow',
        Action: [...AGENT_AWS_ACTIONS.describe],
        Resource: '*',
      },
      {
        Sid: 'CurfewStopStartTaggedInstances',
        Effect: 'Allow',
        Action: [...AGENT_AWS_ACTIONS.ec2StopStart],
        Resource: 'arn:aws:ec2:*:*:instance/*',
        Condition: condition,
      },
      {
        Sid: 'CurfewStopStartTaggedDatabases',
        Effect: 'Allow',
        Action: [...AGENT_AWS_ACTIONS.rdsStopStart],
        Resource: ['arn:aws:rds:*:*:db:*', 'arn:aws:rds:*:*:cluster:*'],
        Condition: condition,
      },
    ],
  };
}
