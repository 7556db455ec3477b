/**
 * Prometheus metrics. Each hub gets its own registry (not prom-client's global one) so two
 * hubs in one process, as in the replica tests, do not collide.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface HubMetrics {
  registry: Registry;
  connectedAgents: Gauge;
  commands: Counter<'outcome'>;
  notifications: Counter<'result'>;
  streamRejects: Counter<'reason'>;
  agentActions: Counter<'action'>;
  snapshots: Counter<'result'>;
  httpRequests: Counter<'route' | 'status'>;
}

export function createMetrics(options: { defaultMetrics: boolean }): HubMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    connectedAgents: new Gauge({
      name: 'curfew_hub_connected_agents',
      help: 'Agent streams held by this replica',
      registers: [registry],
    }),
    commands: new Counter({
      name: 'curfew_hub_commands_total',
      help: 'Commands by outcome (dispatched, succeeded, failed, rejected, expired)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'curfew_hub_notifications_total',
      help: 'Agent notifications by result (delivered, duplicate, stale, failed)',
      labelNames: ['result'],
      registers: [registry],
    }),
    streamRejects: new Counter({
      name: 'curfew_hub_stream_rejects_total',
      help: 'Agent streams rejected or closed by the hub, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    agentActions: new Counter({
      name: 'curfew_hub_agent_actions_total',
      help: 'Actions agents took by themselves (schedule suspend, auto-wake, expiry, drift), audited once each',
      labelNames: ['action'],
      registers: [registry],
    }),
    snapshots: new Counter({
      name: 'curfew_hub_snapshots_total',
      help: 'Agent snapshots by result (applied, stale = older sequence, fenced = replaced stream)',
      labelNames: ['result'],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'curfew_hub_http_requests_total',
      help: 'Admin API requests by route and status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
  };
}
