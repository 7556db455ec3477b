/**
 * What the local demo's two simulated clusters hold: namespaces owned by the Slack
 * stand-in's users, with the workloads Curfew scales (Deployments, StatefulSets) and
 * suspends (CronJobs). `demo` exists in both clusters on purpose: `/devenv stop demo`
 * gets a question back instead of a guess.
 */

export interface DemoUser {
  name: string;
  email: string;
}

export const DEMO_USERS = {
  ana: { name: 'ana', email: 'ana@example.com' },
  bob: { name: 'bob', email: 'bob@example.com' },
  /** A hub admin (SLACK_ADMINS): may act on every namespace. */
  root: { name: 'root', email: 'root@example.com' },
} satisfies Record<string, DemoUser>;

export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  replicas: number;
}

export interface DemoNamespace {
  name: string;
  owner?: string;
  managed: boolean;
  workloads: Workload[];
  cronJob?: string;
}

export const DEMO_CLUSTERS: Record<'dev-eu' | 'dev-us', DemoNamespace[]> = {
  'dev-eu': [
    {
      name: 'team-a',
      owner: DEMO_USERS.ana.email,
      managed: true,
      workloads: [
        { kind: 'Deployment', name: 'web', replicas: 2 },
        { kind: 'Deployment', name: 'api', replicas: 1 },
        { kind: 'StatefulSet', name: 'db', replicas: 1 },
      ],
      cronJob: 'nightly-report',
    },
    {
      name: 'shop-preview',
      owner: DEMO_USERS.bob.email,
      managed: true,
      workloads: [{ kind: 'Deployment', name: 'shop', replicas: 1 }],
    },
    {
      name: 'demo',
      owner: DEMO_USERS.ana.email,
      managed: true,
      workloads: [{ kind: 'Deployment', name: 'app', replicas: 1 }],
    },
  ],
  'dev-us': [
    {
      name: 'team-b',
      owner: DEMO_USERS.bob.email,
      managed: true,
      workloads: [
        { kind: 'Deployment', name: 'web', replicas: 1 },
        { kind: 'StatefulSet', name: 'cache', replicas: 2 },
      ],
      cronJob: 'cleanup',
    },
    {
      name: 'demo',
      owner: DEMO_USERS.ana.email,
      managed: true,
      workloads: [{ kind: 'Deployment', name: 'app', replicas: 1 }],
    },
    // Not opted in (the demo clusters run in opt-in mode): Curfew never touches it.
    {
      name: 'payments',
      owner: DEMO_USERS.bob.email,
      managed: false,
      workloads: [{ kind: 'Deployment', name: 'ledger', replicas: 1 }],
    },
  ],
};

function podTemplate(app: string) {
  return {
    metadata: { labels: { app } },
    spec: {
      containers: [
        {
          name: 'main',
          image: `registry.example/${app}:1`,
          resources: { requests: { cpu: '250m', memory: '256Mi' } },
        },
      ],
    },
  };
}

/** The cluster's objects as kube-sim fixture documents (JSON is YAML). */
export function fixtureFor(namespaces: DemoNamespace[]): string {
  const docs: unknown[] = [];
  for (const ns of namespaces) {
    docs.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns.name,
        labels: { 'curfew.dev/managed': String(ns.managed) },
        ...(ns.owner ? { annotations: { 'curfew.dev/owner': ns.owner } } : {}),
      },
    });
    for (const w of ns.workloads) {
      docs.push({
        apiVersion: 'apps/v1',
        kind: w.kind,
        metadata: { name: w.name, namespace: ns.name },
        spec: {
          replicas: w.replicas,
          selector: { matchLabels: { app: w.name } },
          template: podTemplate(w.name),
          ...(w.kind === 'StatefulSet' ? { serviceName: w.name } : {}),
        },
      });
    }
    if (ns.cronJob) {
      docs.push({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: ns.cronJob, namespace: ns.name },
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [{ name: 'job', image: 'registry.example/job:1' }],
                },
              },
            },
          },
        },
      });
    }
  }
  return docs.map((doc) => JSON.stringify(doc)).join('\n---\n');
}

/**
 * A daily uptime window that ends a few minutes from `now` (on a whole minute: schedules
 * have minute precision), so the demo shows reminders and a shutdown without waiting for
 * the evening. It started 12 hours earlier, so everything is "up" at start.
 */
export function demoUptime(now: number, minutesAhead: number): { uptime: string; endsAt: number } {
  const minute = 60_000;
  const endsAt = Math.ceil((now + minutesAhead * minute) / minute) * minute;
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  // Midnight as an end is written 24:00 (00:00 is only a start).
  const end = hhmm(endsAt) === '00:00' ? '24:00' : hhmm(endsAt);
  return {
    uptime: `Mon-Sun ${hhmm(endsAt - 12 * 60 * minute)}-${end} UTC`,
    endsAt,
  };
}
