/**
 * Watch opens per hour in steady state, per kind and per replica, counted from kube-sim's
 * request log (issue 20: target ≤ 12). Two agent replicas' watches (`RealKube.watch`, what
 * every replica runs) on a kube-sim that sends bookmarks as a kube-apiserver before 1.27 does
 * (none on a quiet watch until 2 s before its deadline) and on one that sends them as 1.27+
 * does (every minute too), side by side in the same run with the baseline: client-node's own
 * informer (`makeInformer`, its `Watch` with the 30 s idle timeout the agent used to have) on
 * the same kind of sim. Only re-opens after every watch has synced are counted.
 *
 * Full size watches a quiet cluster for 30 minutes (each agent watch lasts 5–10 minutes, so a
 * shorter window says little); `CURFEW_BENCH_SIZE=smoke` for 5 s, which only proves the bench
 * still runs (agent/test/watch-lifetime.test.ts is the check that runs past 30 s). Numbers are
 * printed, never asserted.
 * Run: bin/bench test/bench/agent/watch-opens.bench.ts
 */
import type { BookmarkMode } from '@curfew/kube-sim';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  type KubernetesObject,
  makeInformer,
} from '@kubernetes/client-node';
import { test } from 'vitest';
import { KubeSimDriver } from '../../../agent/test/support/kube-sim-driver.js';
import { recordFigures } from '../support/figures.js';
import { sized } from '../support/size.js';

const { WINDOW_MS } = sized({ full: { WINDOW_MS: 30 * 60_000 }, smoke: { WINDOW_MS: 5_000 } });
const WINDOW = WINDOW_MS >= 60_000 ? `${WINDOW_MS / 60_000} min` : `${WINDOW_MS / 1000} s`;
const REPLICAS = 2;
const KINDS = ['namespaces', 'deployments', 'statefulsets', 'cronjobs', 'pods'];

interface Watcher {
  synced: Promise<void>;
  stop(): Promise<void>;
}

/** The agent's watches, as each replica runs them. */
function agentWatches(driver: KubeSimDriver): Watcher {
  return driver.connect().watch(() => {});
}

/** client-node's informers on the same five kinds: the stock way, and the baseline. */
function clientNodeInformers(driver: KubeSimDriver): Watcher {
  const kc = driver.kubeConfig;
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const informers = [
    makeInformer<KubernetesObject>(kc, '/api/v1/namespaces', () => core.listNamespace()),
    makeInformer<KubernetesObject>(kc, '/apis/apps/v1/deployments', () =>
      apps.listDeploymentForAllNamespaces(),
    ),
    makeInformer<KubernetesObject>(kc, '/apis/apps/v1/statefulsets', () =>
      apps.listStatefulSetForAllNamespaces(),
    ),
    makeInformer<KubernetesObject>(kc, '/apis/batch/v1/cronjobs', () =>
      batch.listCronJobForAllNamespaces(),
    ),
    makeInformer<KubernetesObject>(kc, '/api/v1/pods', () => core.listPodForAllNamespaces()),
  ];
  return {
    synced: Promise.all(informers.map((i) => i.start())).then(() => undefined),
    stop: async () => {
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}

interface Row {
  watcher: string;
  bookmarks: BookmarkMode;
  driver: KubeSimDriver;
  watchers: Watcher[];
  since: number;
}

async function setUp(
  watcher: string,
  bookmarks: BookmarkMode,
  start: (d: KubeSimDriver) => Watcher,
): Promise<Row> {
  const driver = await KubeSimDriver.start({ bookmarks });
  const watchers = Array.from({ length: REPLICAS }, () => start(driver));
  await Promise.all(watchers.map((w) => w.synced));
  // Every watch open and running: from here on, an open is a re-open.
  while (driver.sim.countRequests({ verb: 'watch' }) < KINDS.length * REPLICAS) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return { watcher, bookmarks, driver, watchers, since: driver.sim.requestLog.entries.length };
}

test(`watch opens per hour in steady state (${WINDOW} of a quiet cluster)`, {
  timeout: WINDOW_MS + 120_000,
}, async ({ task }) => {
  const rows = [
    await setUp('curfew agent', 'deadline', agentWatches),
    await setUp('curfew agent', 'periodic', agentWatches),
    await setUp('client-node makeInformer (baseline)', 'deadline', clientNodeInformers),
  ];
  const started = performance.now();
  try {
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const hours = (performance.now() - started) / 3_600_000;
    const perHour = (row: Row, kind: string) =>
      row.driver.sim.requestLog.entries
        .slice(row.since)
        .filter((e) => e.verb === 'watch' && e.resource === kind).length /
      REPLICAS /
      hours;
    const worst = (row: Row) => Math.max(...KINDS.map((k) => perHour(row, k)));
    const mean = (row: Row) => KINDS.reduce((sum, k) => sum + perHour(row, k), 0) / KINDS.length;
    const [before127, since127, informer] = rows.map((row) => ({
      worst: worst(row),
      mean: mean(row),
    }));
    const baseline = informer?.worst ?? Number.NaN;
    recordFigures(task, {
      'window (min)': hours * 60,
      replicas: REPLICAS,
      'agent, bookmarks before 1.27: worst kind (opens/h)': before127?.worst ?? Number.NaN,
      'agent, bookmarks before 1.27: mean of kinds (opens/h)': before127?.mean ?? Number.NaN,
      'agent, bookmarks 1.27+: worst kind (opens/h)': since127?.worst ?? Number.NaN,
      'client-node makeInformer: worst kind (opens/h)': baseline,
      // At smoke size the agent re-opens nothing and neither may the baseline: 0/0 is no figure.
      'agent/makeInformer worst kind (x)': baseline > 0 ? (before127?.worst ?? 0) / baseline : 0,
    });
    console.table(
      rows.map((row) => ({
        watcher: row.watcher,
        bookmarks:
          row.bookmarks === 'deadline' ? 'before 1.27 (deadline only)' : '1.27+ (every minute)',
        ...Object.fromEntries(KINDS.map((k) => [k, Math.round(perHour(row, k) * 10) / 10])),
        'worst kind': Math.round(worst(row) * 10) / 10,
        'vs baseline': baseline > 0 ? `${(worst(row) / baseline).toFixed(2)}x` : '–',
        'target ≤ 12': worst(row) <= 12 ? 'met' : 'missed',
      })),
    );
    console.log(
      `watch opens per hour per kind per replica, ${REPLICAS} replicas, window ${(hours * 60).toFixed(1)} min`,
    );
  } finally {
    for (const row of rows) {
      for (const w of row.watchers) await w.stop();
      await row.driver.stop();
    }
  }
});
