/**
 * The charts through helm itself: `helm lint --strict` and `helm template` for both charts and
 * their values variants, the rendered objects checked for what the API server and the
 * controllers would trip over (names, selectors, probe ports, webhook services), and the values
 * helm must refuse.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { helmInstallCommand } from '@curfew/contracts';
import { describe, expect, it } from 'vitest';
import { type ChartName, chartDir, readChartFile } from './support/charts.js';
import { helm, type Rendered, renderedNotes, renderedObjects } from './support/helm.js';

const EXAMPLES = join(import.meta.dirname, '../examples');
const FIXTURES = join(import.meta.dirname, 'fixtures');

/** What the hub's printed install command sets (helmInstallCommand in @curfew/contracts). */
const AGENT_AS_PRINTED = [
  '--set-string',
  'clusterId=prod-eu-1',
  '--set-string',
  'hub.address=curfew-agents.example.com:443',
  '--set-string',
  'token.value=0123456789abcdef0123',
];

interface Variant {
  name: string;
  chart: ChartName;
  namespace: string;
  args: string[];
}

const VARIANTS: Variant[] = [
  {
    name: 'hub: examples/hub-production.yaml (external Redis, both ingresses, ServiceMonitor)',
    chart: 'curfew-hub',
    namespace: 'curfew',
    args: ['-f', join(EXAMPLES, 'hub-production.yaml')],
  },
  {
    name: 'hub: examples/hub-trial.yaml (bundled Redis, no ingress)',
    chart: 'curfew-hub',
    namespace: 'curfew',
    args: ['-f', join(EXAMPLES, 'hub-trial.yaml')],
  },
  {
    name: 'hub: a Redis URL and a TLS LoadBalancer for the agents',
    chart: 'curfew-hub',
    namespace: 'curfew',
    args: [
      '--set-string',
      'redisUrl=redis://redis.data:6379',
      '--set',
      'service.grpc.type=LoadBalancer',
      '--set-string',
      'publicGrpcAddress=agents.example.com:443',
    ],
  },
  {
    name: 'agent: examples/agent.yaml (cert-manager, cloud resources)',
    chart: 'curfew-agent',
    namespace: 'curfew-system',
    args: ['-f', join(EXAMPLES, 'agent.yaml')],
  },
  {
    name: 'agent: exactly the flags of the printed install command (chart-made webhook certificate)',
    chart: 'curfew-agent',
    namespace: 'curfew-system',
    args: AGENT_AS_PRINTED,
  },
  {
    name: 'agent: GitOps-aware suspend on (gitops.enabled, Argo CD in its own namespace)',
    chart: 'curfew-agent',
    namespace: 'curfew-system',
    args: [
      ...AGENT_AS_PRINTED,
      '--set',
      'gitops.enabled=true',
      '--set-string',
      'gitops.argoNamespace=gitops',
    ],
  },
  {
    name: 'agent: webhooks off, an existing token Secret, opt-in mode',
    chart: 'curfew-agent',
    namespace: 'curfew-system',
    args: [
      '--set-string',
      'clusterId=dev-us',
      '--set-string',
      'hub.address=curfew-agents.example.com:443',
      '--set-string',
      'token.existingSecret=agent-token',
      '--set',
      'webhook.enabled=false',
      '--set-string',
      'mode=opt-in',
    ],
  },
];

function template(variant: Variant): Rendered[] {
  const run = helm([
    'template',
    'curfew',
    chartDir(variant.chart),
    '--namespace',
    variant.namespace,
    ...variant.args,
  ]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return renderedObjects(run.stdout);
}

type PodSpec = {
  containers: {
    name: string;
    ports?: { name?: string; containerPort: number }[];
    env?: { name: string }[];
    livenessProbe?: { httpGet?: { port: string | number } };
    readinessProbe?: { httpGet?: { port: string | number } };
  }[];
};
type Workload = Rendered & {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};

const workloads = (objects: Rendered[]) =>
  objects.filter((o): o is Workload => o.kind === 'Deployment' || o.kind === 'StatefulSet');

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** What would make the API server refuse an object, or a controller never find its pods. */
function renderProblems(objects: Rendered[], namespace: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata?.name}`;
    if (!o.apiVersion || !o.kind || !o.metadata?.name)
      problems.push(`${id}: no apiVersion/kind/name`);
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(o.metadata.name)) {
      problems.push(`${id}: name is not a DNS subdomain`);
    }
    if (o.kind === 'Service' && o.metadata.name.length > 63) problems.push(`${id}: over 63`);
    if (o.metadata.namespace !== undefined && o.metadata.namespace !== namespace) {
      problems.push(`${id}: in namespace ${o.metadata.namespace}, not the release's`);
    }
    if (seen.has(id)) problems.push(`${id}: rendered twice`);
    seen.add(id);
  }
  const pods = workloads(objects);
  for (const w of pods) {
    const id = `${w.kind}/${w.metadata.name}`;
    if (!selects(w.spec.selector.matchLabels, w.spec.template.metadata.labels)) {
      problems.push(`${id}: selector does not match its own pod labels`);
    }
    for (const c of w.spec.template.spec.containers) {
      const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const probe of [c.livenessProbe, c.readinessProbe]) {
        const port = probe?.httpGet?.port;
        if (port !== undefined && !ports.has(port)) {
          problems.push(`${id}/${c.name}: probe port ${port} is not a container port`);
        }
      }
      const names = (c.env ?? []).map((e) => e.name);
      const twice = names.filter((n, i) => names.indexOf(n) !== i);
      if (twice.length > 0) problems.push(`${id}/${c.name}: env set twice: ${twice.join(', ')}`);
    }
  }
  const services = objects.filter((o) => o.kind === 'Service') as (Rendered & {
    spec: { selector: Record<string, string>; ports: { targetPort: string | number }[] };
  })[];
  for (const s of services) {
    const target = pods.find((w) => selects(s.spec.selector, w.spec.template.metadata.labels));
    if (!target) {
      problems.push(`Service/${s.metadata.name}: selects no rendered pods`);
      continue;
    }
    const ports = new Set(
      target.spec.template.spec.containers.flatMap((c) =>
        (c.ports ?? []).flatMap((p) => [p.name, p.containerPort]),
      ),
    );
    for (const p of s.spec.ports) {
      if (!ports.has(p.targetPort)) {
        problems.push(`Service/${s.metadata.name}: targetPort ${p.targetPort} is no pod port`);
      }
    }
  }
  const serviceNames = new Set(services.map((s) => s.metadata.name));
  for (const o of objects.filter((x) => x.kind.endsWith('WebhookConfiguration'))) {
    const hooks = (o as { webhooks?: { clientConfig: { service?: { name: string } } }[] }).webhooks;
    for (const hook of hooks ?? []) {
      const name = hook.clientConfig.service?.name;
      if (name === undefined || !serviceNames.has(name)) {
        problems.push(`${o.kind}/${o.metadata.name}: calls Service ${name}, which is not rendered`);
      }
    }
  }
  return problems;
}

describe('helm lint --strict and helm template, for each values variant', () => {
  it.each(VARIANTS)('$name: lints clean', ({ chart, namespace, args }) => {
    const run = helm(['lint', '--strict', chartDir(chart), '--namespace', namespace, ...args]);
    expect(run.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(run.status).toBe(0);
  });

  it.each(VARIANTS)('$name: renders objects the API server would take', (variant) => {
    const objects = template(variant);
    expect(objects.length).toBeGreaterThan(3);
    expect(renderProblems(objects, variant.namespace)).toEqual([]);
  });
});

describe('what the variants render', () => {
  const byName = (name: string) => VARIANTS.find((v) => v.name.startsWith(name)) as Variant;

  it('the trial hub runs its bundled Redis and points the hub at its Service', () => {
    const objects = template(byName('hub: examples/hub-trial.yaml'));
    const redis = objects.find((o) => o.kind === 'Service' && o.metadata.name.endsWith('-redis'));
    const hub = workloads(objects).find((w) => w.spec.template.spec.containers[0]?.name === 'hub');
    const env = (hub?.spec.template.spec.containers[0]?.env ?? []) as {
      name: string;
      value?: string;
    }[];
    if (!redis) throw new Error('the trial values rendered no Redis Service');
    const port = (redis.spec as { ports: { port: number }[] }).ports[0]?.port;
    expect(env.find((e) => e.name === 'REDIS_URL')?.value).toBe(
      `redis://${redis.metadata.name}:${port}`,
    );
  });

  it('the printed install command renders both webhooks, their Service and a token Secret', () => {
    const kinds = template(byName('agent: exactly the flags')).map((o) => o.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'MutatingWebhookConfiguration',
        'ValidatingWebhookConfiguration',
        'Service',
        'Secret',
      ]),
    );
  });

  it('webhooks off renders no webhook configuration and no token Secret of its own', () => {
    const kinds = template(byName('agent: webhooks off')).map((o) => o.kind);
    expect(kinds.filter((k) => k.endsWith('WebhookConfiguration') || k === 'Secret')).toEqual([]);
  });

  it('gitops.enabled adds get/list/patch on the three reconciler kinds to the ClusterRole and switches the agent to auto; without it neither', () => {
    const rendered = (name: string) => {
      const objects = template(byName(name));
      const role = objects.find((o) => o.kind === 'ClusterRole') as unknown as {
        rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
      };
      const agent = workloads(objects)[0]?.spec.template.spec.containers[0];
      const env = (agent?.env ?? []) as { name: string; value?: string }[];
      const value = (n: string) => env.find((e) => e.name === n)?.value;
      return {
        gitOpsRules: role.rules.filter((r) =>
          r.apiGroups.some((g) => g === 'argoproj.io' || g.endsWith('.fluxcd.io')),
        ),
        mode: value('CURFEW_GITOPS'),
        argo: value('CURFEW_ARGOCD_NAMESPACE'),
      };
    };
    expect(rendered('agent: GitOps-aware suspend on')).toEqual({
      gitOpsRules: [
        {
          apiGroups: ['argoproj.io'],
          resources: ['applications'],
          verbs: ['get', 'list', 'patch'],
        },
        {
          apiGroups: ['kustomize.toolkit.fluxcd.io'],
          resources: ['kustomizations'],
          verbs: ['get', 'list', 'patch'],
        },
        {
          apiGroups: ['helm.toolkit.fluxcd.io'],
          resources: ['helmreleases'],
          verbs: ['get', 'list', 'patch'],
        },
      ],
      mode: 'auto',
      argo: 'gitops',
    });
    expect(rendered('agent: exactly the flags')).toEqual({
      gitOpsRules: [],
      mode: 'off',
      argo: 'argocd',
    });
  });

  it('the self-check finds a Service that selects no pods', () => {
    const objects = template(byName('hub: examples/hub-trial.yaml')).map((o) =>
      o.kind === 'Service' && o.metadata.name.endsWith('-http')
        ? { ...o, spec: { ...(o.spec as object), selector: { app: 'nothing' } } }
        : o,
    );
    expect(renderProblems(objects, 'curfew')).toEqual([
      expect.stringMatching(/-http: selects no rendered pods$/),
    ]);
  });
});

describe('values helm refuses', () => {
  it('a hub with no Redis configured, naming the three choices', () => {
    const run = helm(['template', 'curfew', chartDir('curfew-hub')]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('set exactly one of redisUrl');
  });

  it('an agent without the cluster id the hub gave it', () => {
    const run = helm(['template', 'curfew', chartDir('curfew-agent')]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('clusterId: set the cluster id the hub gave this cluster');
  });

  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
  it.each(fixtures)('test/fixtures/%s, by its values.schema.json', (file) => {
    const chart: ChartName = file.startsWith('hub-') ? 'curfew-hub' : 'curfew-agent';
    const run = helm(['template', 'curfew', chartDir(chart), '-f', join(FIXTURES, file)]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/values don't meet the specifications of the schema[\s\S]*- at '/);
  });
});

/** The hub chart's NOTES, as `helm install` prints them after installing. */
function hubNotes(args: string[]): string {
  const run = helm([
    'install',
    'curfew-hub',
    chartDir('curfew-hub'),
    '--namespace',
    'curfew',
    '--dry-run=client',
    ...args,
  ]);
  expect(run.status).toBe(0);
  return renderedNotes(run.stdout);
}

const chartVersion = (chart: ChartName) =>
  /^version: (\S+)$/m.exec(readChartFile(chart, 'Chart.yaml'))?.[1] as string;

/** The agent command the NOTES print, which must be what the one builder prints. */
const notesCommand = (notes: string) =>
  notes
    .split('\n')
    .find((line) => line.trim().startsWith('helm upgrade --install'))
    ?.trim();

describe("the hub chart's NOTES", () => {
  it("print Slack's request URL, the manifest URL and the exact agent command for the production example", () => {
    // The hub chart pins its own version for the agent by default: both are released together.
    expect(chartVersion('curfew-hub')).toBe(chartVersion('curfew-agent'));
    const notes = hubNotes(['-f', join(EXAMPLES, 'hub-production.yaml')]);
    expect(notes).toContain(
      'Request URL (slash command, interactivity and events): https://curfew.example.com/slack/events',
    );
    expect(notes).toContain('curl -s https://curfew.example.com/slack/manifest');
    expect(notesCommand(notes)).toBe(
      helmInstallCommand(
        {
          clusterId: 'prod-eu-1',
          hubGrpcAddress: 'curfew-agents.example.com:443',
          hubTls: true,
          chartRef: 'oci://ghcr.io/curfew/charts/curfew-agent',
          chartVersion: chartVersion('curfew-agent'),
          namespace: 'curfew-system',
          tokenSecretName: 'curfew-agent-token',
        },
        { layout: 'one-line' },
      ),
    );
  });

  it('take the agent address from the gRPC ingress when publicGrpcAddress is empty, and honour plaintext', () => {
    const notes = hubNotes([
      '--set-string',
      'redisUrl=redis://r:6379',
      '--set',
      'ingress.grpc.enabled=true',
      '--set-string',
      'ingress.grpc.host=agents.acme.test',
      '--set',
      'publicGrpcTls=false',
      '--set-string',
      'agentChartVersion=0.0.9',
    ]);
    expect(notes).toContain('Agents dial agents.acme.test:443 WITHOUT TLS (publicGrpcTls=false)');
    expect(notesCommand(notes)).toBe(
      helmInstallCommand(
        {
          clusterId: 'prod-eu-1',
          hubGrpcAddress: 'agents.acme.test:443',
          hubTls: false,
          chartRef: 'oci://ghcr.io/curfew/charts/curfew-agent',
          chartVersion: '0.0.9',
          namespace: 'curfew-system',
          tokenSecretName: 'curfew-agent-token',
        },
        { layout: 'one-line' },
      ),
    );
  });

  it('say agents cannot connect yet, and how to fix it, when no gRPC address is known', () => {
    const notes = hubNotes(['-f', join(EXAMPLES, 'hub-trial.yaml')]);
    expect(notes).toContain('NOT READY FOR AGENTS: publicGrpcAddress is not set');
    expect(notes).toContain('publicGrpcAddress=curfew-hub-grpc.curfew.svc:9090');
    expect(notes).toContain('Slack reaches the hub only at an https URL, and none is configured');
    expect(notesCommand(notes)).toBeUndefined();
  });

  it('set on the hub what the NOTES say, so the admin API prints the same command', () => {
    const hub = workloads(
      template({
        name: 'ingress hub',
        chart: 'curfew-hub',
        namespace: 'curfew',
        args: ['-f', join(EXAMPLES, 'hub-production.yaml')],
      }),
    ).find((w) => w.spec.template.spec.containers[0]?.name === 'hub');
    const env = Object.fromEntries(
      (
        (hub?.spec.template.spec.containers[0]?.env ?? []) as { name: string; value?: string }[]
      ).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      PUBLIC_URL: 'https://curfew.example.com',
      PUBLIC_GRPC_ADDRESS: 'curfew-agents.example.com:443',
      PUBLIC_GRPC_TLS: 'true',
      AGENT_CHART_VERSION: chartVersion('curfew-agent'),
    });
  });
});
