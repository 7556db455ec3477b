import type { Clock } from '@curfew/core';
import type { Logger } from 'pino';
import type { ClusterCache } from '../kube/cache.js';
import type { KubeApi } from '../kube/types.js';
import type { AgentMetrics } from '../observe/metrics.js';
import type { Limiter } from './limiter.js';
import type { RetryPolicy } from './retry.js';

/** The I/O every action step needs; built once by the agent and shared. */
export interface ActionContext {
  kube: KubeApi;
  cache: ClusterCache;
  clock: Clock;
  log: Logger;
  limiter: Limiter;
  retry: RetryPolicy;
  metrics: AgentMetrics;
  /** This agent's identity (pod name), for Events and logs. */
  instance: string;
}
