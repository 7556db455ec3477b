import { AGENT_RBAC_RULES } from '@curfew/contracts';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  type AgentRbacRules,
  leastPrivilegeProblems,
  loadAgentRbacRules,
  type PolicyRule,
} from '../src/index.js';
import { readChartFile } from './support/charts.js';

const template = readChartFile('curfew-agent', 'templates/rbac.yaml');

/** The template's documents with Go actions blanked, to look at their structure. */
function templateDocuments() {
  const text = template.replace(/\{\{-?[\s\S]*?-?\}\}/g, (action) =>
    action.includes('toYaml') ? `ACTION(${action.replace(/\s+/g, ' ')})` : '',
  );
  return parseAllDocuments(text).map((doc) => doc.toJS() as Record<string, unknown>);
}

describe('files/rbac-rules.yaml renders the ClusterRole and Role', () => {
  it('loads through the strict schema the agent code uses', () => {
    const rules = loadAgentRbacRules();
    expect(rules.clusterRules.length).toBeGreaterThan(0);
    expect(rules.namespaceRules.length).toBeGreaterThan(0);
  });

  it('is exactly the RBAC contract the coverage tests check (AGENT_RBAC_RULES)', () => {
    expect(loadAgentRbacRules()).toEqual(AGENT_RBAC_RULES);
  });

  it('reads the rules file with .Files.Get and fromYaml', () => {
    expect(template).toMatch(/\.Files\.Get "files\/rbac-rules\.yaml" \| fromYaml/);
  });

  const action = (list: string) => `ACTION({{- toYaml $rbac.${list} | nindent 2 }})`;
  it.each([
    {
      name: 'the ClusterRole takes its rules from clusterRules, then gitOpsRules',
      kind: 'ClusterRole',
      rules: `${action('clusterRules')}\n${action('gitOpsRules')}`,
    },
    {
      name: 'the Role takes its rules from namespaceRules',
      kind: 'Role',
      rules: action('namespaceRules'),
    },
  ])('$name', ({ kind, rules }) => {
    const doc = templateDocuments().find((d) => d.kind === kind);
    expect(doc, `${kind} document in templates/rbac.yaml`).toBeDefined();
    // The whole `rules:` value is the actions that render the lists from the file.
    expect(doc?.rules).toBe(rules);
  });

  it('adds the GitOps rules only when gitops.enabled is set', () => {
    expect(template).toMatch(
      /\{\{- if \.Values\.gitops\.enabled \}\}\n\s*\{\{- toYaml \$rbac\.gitOpsRules \| nindent 2 \}\}\n\s*\{\{- end \}\}/,
    );
  });

  it('writes no rule of its own: no apiGroups, resources or verbs in the template text', () => {
    expect(template).not.toMatch(/^\s*-?\s*(apiGroups|resources|verbs|nonResourceURLs):/m);
  });

  it('binds both roles to the agent ServiceAccount in the release namespace', () => {
    const bindings = templateDocuments().filter((d) => String(d.kind).endsWith('Binding'));
    expect(bindings.map((b) => b.kind).sort()).toEqual(['ClusterRoleBinding', 'RoleBinding']);
    for (const binding of bindings) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: null, namespace: null }]);
      expect(template).toContain('namespace: {{ .Release.Namespace }}');
    }
  });
});

describe('the agent rules are least-privilege', () => {
  it('the rules have no problem', () => {
    expect(leastPrivilegeProblems(AGENT_RBAC_RULES)).toEqual([]);
  });

  it('grants no verb on secrets anywhere', () => {
    const rules = AGENT_RBAC_RULES;
    const all = [...rules.clusterRules, ...rules.namespaceRules];
    expect(all.filter((rule) => rule.resources.some((r) => r.startsWith('secrets')))).toEqual([]);
  });

  const rule = (patch: Partial<PolicyRule>): PolicyRule => ({
    apiGroups: [''],
    resources: ['pods'],
    verbs: ['list'],
    ...patch,
  });
  const cluster = (r: PolicyRule): AgentRbacRules => ({
    clusterRules: [r],
    namespaceRules: [],
    gitOpsRules: [],
  });

  it.each([
    {
      name: 'a wildcard verb',
      rules: cluster(rule({ verbs: ['*'] })),
      problem: 'clusterRules[0].verbs: uses a wildcard',
    },
    {
      name: 'a wildcard resource',
      rules: cluster(rule({ resources: ['*'] })),
      problem: 'clusterRules[0].resources: uses a wildcard',
    },
    {
      name: 'a wildcard subresource',
      rules: cluster(rule({ resources: ['*/scale'] })),
      problem: 'clusterRules[0].resources: uses a wildcard',
    },
    {
      name: 'a wildcard API group',
      rules: cluster(rule({ apiGroups: ['*'] })),
      problem: 'clusterRules[0].apiGroups: uses a wildcard',
    },
    {
      name: 'reading secrets cluster-wide',
      rules: cluster(rule({ resources: ['secrets'], verbs: ['get'] })),
      problem: 'secrets cluster-wide',
    },
    {
      name: 'the escalate verb',
      rules: cluster(
        rule({
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['clusterroles'],
          verbs: ['escalate'],
        }),
      ),
      problem: '"escalate"',
    },
    {
      name: 'the bind verb',
      rules: cluster(
        rule({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }),
      ),
      problem: '"bind"',
    },
    {
      name: 'the impersonate verb',
      rules: cluster(rule({ resources: ['serviceaccounts'], verbs: ['impersonate'] })),
      problem: '"impersonate"',
    },
    {
      name: 'pods/exec',
      rules: cluster(rule({ resources: ['pods/exec'], verbs: ['create'] })),
      problem: '"pods/exec"',
    },
    {
      name: 'writing ClusterRoleBindings',
      rules: cluster(
        rule({
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['clusterrolebindings'],
          verbs: ['create'],
        }),
      ),
      problem: 'writing clusterrolebindings',
    },
    {
      name: 'a wildcard in the GitOps rules (cluster-wide when enabled)',
      rules: {
        clusterRules: [rule({})],
        namespaceRules: [],
        gitOpsRules: [rule({ apiGroups: ['argoproj.io'], resources: ['*'] })],
      },
      problem: 'gitOpsRules[0].resources',
    },
    {
      name: 'a wildcard in the namespace Role',
      rules: {
        clusterRules: [rule({})],
        namespaceRules: [rule({ verbs: ['*'] })],
        gitOpsRules: [],
      },
      problem: 'namespaceRules[0].verbs',
    },
  ])('flags $name', ({ rules, problem }) => {
    const problems = leastPrivilegeProblems(rules);
    expect(
      problems.some((p) => p.includes(problem)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('allows secrets in the agent namespace Role (scoped, not cluster-wide)', () => {
    const scoped: AgentRbacRules = {
      clusterRules: [rule({})],
      namespaceRules: [rule({ resources: ['secrets'], verbs: ['get'] })],
      gitOpsRules: [],
    };
    expect(leastPrivilegeProblems(scoped)).toEqual([]);
  });
});
