/**
 * What the local demo's two simulated clusters hold: namespaces owned by the Slack
 * stand-in's users, with the workloads Curfew scales (Deployments, StatefulSets) and
 * suspends (CronJobs). `demo` exists in both clusters on purpose: `/devenv stop demo`
 * gets a question back instead of a guess. `preview-42` holds time bombs: workloads whose pod
 * templates carry `curfew.dev/timer` and `curfew.dev/sku`, created once the agent's admission
 * webhook is installed (time-bombs.ts), so the API server has it stamp their validity.
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

/** A workload whose pod template carries a time bomb, as a person would write it. */
export interface TimeBombWorkload extends Workload {
  /** `curfew.dev/timer`: how long it may run from creation. */
  timer: string;
  /** `curfew.dev/sku`: what `/devenv extend <prefix>` and the Extend buttons select. */
  sku: string;
}

export interface DemoNamespace {
  name: string;
  owner?: string;
  managed: boolean;
  /** `curfew.dev/uptime`: this namespace's own schedule. */
  uptime?: string;
  workloads: Workload[];
  cronJob?: string;
  /** Created after the webhook is installed, not with the fixture. */
  timeBombs?: TimeBombWorkload[];
}

/**
 * The demo's time bombs go off this long after they are created (a few seconds after start):
 * after the schedule's shutdown, so the tour shows one thing at a time.
 */
export const DEMO_TIMER = '7m';
/** Expiry warnings (whole minutes before the deadline), so one shows within the tour. */
export const DEMO_EXPIRY_WARNINGS_MINUTES = [3, 1];

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
    // A preview environment that only its time bombs end: always up by schedule (no reminders,
    // no shutdown), so the expiry warning and Extend are what the tour shows here.
    {
      name: 'preview-42',
      owner: DEMO_USERS.ana.email,
      managed: true,
      uptime: 'always',
      workloads: [],
      timeBombs: [
        {
          kind: 'Deployment',
          name: 'checkout',
          replicas: 2,
          timer: DEMO_TIMER,
          sku: '/shop/checkout/web',
        },
        {
          kind: 'StatefulSet',
          name: 'checkout-db',
          replicas: 1,
          timer: DEMO_TIMER,
          sku: '/shop/checkout/db',
        },
      ],
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

function podTemplate(app: string, annotations?: Record<string, string>) {
  return {
    metadata: { labels: { app }, ...(annotations ? { annotations } : {}) },
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
    const annotations = {
      ...(ns.owner ? { 'curfew.dev/owner': ns.owner } : {}),
      ...(ns.uptime ? { 'curfew.dev/uptime': ns.uptime } : {}),
    };
    docs.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns.name,
        labels: { 'curfew.dev/managed': String(ns.managed) },
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
    });
    for (const w of ns.workloads) docs.push(workload(ns.name, w));
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

function workload(namespace: string, w: Workload, annotations?: Record<string, string>) {
  return {
    apiVersion: 'apps/v1',
    kind: w.kind,
    metadata: { name: w.name, namespace },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { app: w.name } },
      template: podTemplate(w.name, annotations),
      ...(w.kind === 'StatefulSet' ? { serviceName: w.name } : {}),
    },
  };
}

/**
 * The time-bomb workloads as fixture documents: only `timer` and `sku` on the pod template, as a
 * person writes them; the validity is the mutating webhook's to stamp when they are created.
 */
export function timeBombFixtureFor(namespaces: DemoNamespace[]): string {
  return namespaces
    .flatMap((ns) =>
      (ns.timeBombs ?? []).map((w) =>
        workload(ns.name, w, { 'curfew.dev/timer': w.timer, 'curfew.dev/sku': w.sku }),
      ),
    )
    .map((doc) => JSON.stringify(doc))
    .join('\n---\n');
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
