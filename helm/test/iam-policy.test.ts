/**
 * The IAM policy helm/README.md tells people to attach is the contracts' agentIamPolicy(), and
 * it is least privilege: read-only on `*`, Stop/Start only with the tag condition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_AWS_ACTIONS, agentIamPolicy } from '@curfew/contracts';
import { describe, expect, it } from 'vitest';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

function jsonBlocks(section: string): unknown[] {
  const start = README.indexOf(section);
  const end = README.indexOf('\n## ', start + section.length);
  const text = README.slice(start, end);
  return [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1] ?? ''));
}

describe('the IAM policy in helm/README.md', () => {
  const [policy, clusterCondition] = jsonBlocks(
    '## Cloud resources: credentials and the IAM policy',
  );

  it('is agentIamPolicy() for the default namespace tag', () => {
    expect(policy).toEqual(agentIamPolicy({ namespaceTag: 'curfew.dev/namespace' }));
  });

  it('shows the condition a cluster tag adds', () => {
    const withCluster = agentIamPolicy({
      namespaceTag: 'curfew.dev/namespace',
      clusterTag: 'curfew.dev/cluster',
      clusterId: 'prod-eu-1',
    });
    expect(clusterCondition).toEqual(withCluster.Statement[1]?.Condition);
    expect(withCluster.Statement[2]?.Condition).toEqual(withCluster.Statement[1]?.Condition);
  });
});

describe('agentIamPolicy', () => {
  const policy = agentIamPolicy({ namespaceTag: 'team/ns' });

  it('grants only Describe on every resource', () => {
    const open = policy.Statement.filter((s) => s.Resource === '*');
    expect(open.flatMap((s) => s.Action).every((a) => /^(ec2|rds):Describe/.test(a))).toBe(true);
  });

  it('grants Stop and Start only under the configured tag’s condition, on instances and databases', () => {
    const writes = policy.Statement.filter((s) => s.Resource !== '*');
    expect(writes.flatMap((s) => s.Action).sort()).toEqual(
      [...AGENT_AWS_ACTIONS.ec2StopStart, ...AGENT_AWS_ACTIONS.rdsStopStart].sort(),
    );
    for (const statement of writes) {
      expect(statement.Condition).toEqual({ Null: { 'aws:ResourceTag/team/ns': 'false' } });
      expect(statement.Action.every((a) => /^(ec2|rds):(Stop|Start)/.test(a))).toBe(true);
    }
  });

  it('grants nothing but the actions the agent calls', () => {
    const all = policy.Statement.flatMap((s) => s.Action).sort();
    expect(all).toEqual(Object.values(AGENT_AWS_ACTIONS).flat().sort());
    expect(all.some((a) => a.includes('*'))).toBe(false);
  });

  it('a cluster tag without a cluster id adds no condition (nothing to compare with)', () => {
    expect(agentIamPolicy({ namespaceTag: 'n', clusterTag: 'c' }).Statement[1]?.Condition).toEqual({
      Null: { 'aws:ResourceTag/n': 'false' },
    });
  });
});
