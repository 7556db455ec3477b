/**
 * The charts set the environment variables the apps actually read. Imports the apps' own
 * config definitions, so renaming a variable in hub/ or agent/ fails here until the chart
 * follows.
 */
import { describe, expect, it } from 'vitest';
import { ENV_NAMES } from '../../agent/src/config/schema.js';
import { configSchema as hubConfigSchema } from '../../hub/src/config.js';
import { readChartFile } from './support/charts.js';

function envNamesSet(chart: 'curfew-hub' | 'curfew-agent'): string[] {
  // The helpers too: the hub's REDIS_URL comes from the curfew-hub.redisEnv helper.
  const template = ['templates/deployment.yaml', 'templates/_helpers.tpl']
    .map((file) => readChartFile(chart, file))
    .join('\n');
  return [...template.matchAll(/^\s*- name: ([A-Z][A-Z0-9_]*)\s*$/gm)].map((m) => m[1] as string);
}

/** Hub settings the chart leaves at the hub's default on purpose. */
const HUB_DEFAULTED = [
  // TLS for agents ends at the gRPC ingress or load balancer in front of plaintext pods.
  'GRPC_TLS_CERT_FILE',
  'GRPC_TLS_KEY_FILE',
  // Only for a Slack stand-in; production talks to Slack itself.
  'SLACK_API_URL',
  // A pod listens on every interface (the Service reaches it by the pod IP); loopback is for local runs.
  'BIND_ADDRESS',
  // 65 s outlasts the common balancers' 60 s idle timeout; one set higher needs extraEnv.
  'HTTP_KEEPALIVE_TIMEOUT',
];

/** Agent settings the chart leaves at the agent's default on purpose (extraEnv can set them). */
const AGENT_DEFAULTED = [
  'KUBECONFIG', // in-cluster service account instead
  'CURFEW_NOTIFICATION_STALE_AFTER_MS',
  'CURFEW_RESUME_READY_TIMEOUT_MS',
  // Tied to the hub's COMMAND_TTL (below it), not to anything in the cluster.
  'CURFEW_DELETE_STUCK_AFTER_MS',
  // The kubelet probes and the apiserver's webhook calls reach the pod IP: every interface.
  'CURFEW_BIND_ADDRESS',
];

describe('curfew-agent sets the variables agent/src/config reads', () => {
  const set = envNamesSet('curfew-agent');
  const known = new Set(Object.values(ENV_NAMES));

  it('sets no variable the agent does not read', () => {
    expect(set.filter((name) => !known.has(name))).toEqual([]);
  });

  it('sets every agent setting except the ones deliberately left at their default', () => {
    const missing = Object.values(ENV_NAMES).filter(
      (name) => !set.includes(name) && !AGENT_DEFAULTED.includes(name),
    );
    expect(missing).toEqual([]);
  });
});

describe('curfew-hub sets the variables hub/src/config.ts reads', () => {
  const set = envNamesSet('curfew-hub');
  const read = Object.keys(hubConfigSchema.shape);

  it('sets no variable the hub does not read', () => {
    expect(set.filter((name) => !read.includes(name))).toEqual([]);
  });

  it('sets every hub setting except the ones deliberately left at their default', () => {
    expect(read.filter((name) => !set.includes(name) && !HUB_DEFAULTED.includes(name))).toEqual([]);
  });
});
