import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * One registry per agent instance (not prom-client's global one), so tests can run two
 * agents in one process — the leader-failover test does — without metric name clashes.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const actions = new Counter({
    name: 'curfew_agent_actions_total',
    help: 'Namespace actions executed, by action and outcome',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const commands = new Counter({
    name: 'curfew_agent_commands_total',
    help: 'Hub commands received, by action and final status',
    labelNames: ['action', 'status'] as const,
    registers: [registry],
  });
  const notifications = new Counter({
    name: 'curfew_agent_notifications_total',
    help: 'Notifications by kind and fate (queued, sent, acked, dropped_stale)',
    labelNames: ['kind', 'fate'] as const,
    registers: [registry],
  });
  const leader = new Gauge({
    name: 'curfew_agent_leader',
    help: '1 while this replica holds the Lease',
    registers: [registry],
  });
  const hubConnected = new Gauge({
    name: 'curfew_agent_hub_connected',
    help: '1 while the hub stream is open and welcomed',
    registers: [registry],
  });
  const watchedNamespaces = new Gauge({
    name: 'curfew_agent_namespaces',
    help: 'Namespaces in the informer cache',
    registers: [registry],
  });
  const timers = new Gauge({
    name: 'curfew_agent_scheduled_checks',
    help: 'Namespaces with a pending timed decision',
    registers: [registry],
  });
  return {
    registry,
    actions,
    commands,
    notifications,
    leader,
    hubConnected,
    watchedNamespaces,
    timers,
  };
}

export type AgentMetrics = ReturnType<typeof createMetrics>;
