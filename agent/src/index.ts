/**
 * @curfew/agent — the library surface: what code outside the agent (the end-to-end tests,
 * benchmarks, `bin/start`) uses to run an agent in-process or talk to its parts. The process
 * entry is `main.ts`; everything not listed here is the agent's own business. Fakes for tests
 * live in `agent/test/support` and `@curfew/test-support`, never here.
 */

// The time-bomb admission webhooks and their serving certificates.
export {
  type AdmissionServer,
  type AdmissionServerOptions,
  buildWebhookConfigurations,
  startAdmissionServer,
  type WebhookConfigurationOptions,
  type WebhookConfigurations,
  type WebhookEndpoint,
  type WebhookPaths,
  webhookPaths,
} from './admission/index.js';
// The agent itself and its configuration.
export { AGENT_VERSION, Agent, type AgentOptions, CAPABILITIES } from './agent.js';
export { ConfigError, loadConfig } from './config/load.js';
export { type AgentConfig, configSchema, ENV_NAMES } from './config/schema.js';

// Its one Kubernetes boundary: the interface and the real client.
export { KubeError } from './kube/errors.js';
export {
  KubeConnectionError,
  type KubeTarget,
  kubeconfigFileTarget,
  resolveKubeTarget,
} from './kube/http/index.js';
export { RealKube } from './kube/real-kube.js';
export type { KubeApi, WatchEvent, WatchedObject, WorkloadKind } from './kube/types.js';
export { FIELD_MANAGER } from './kube/types.js';
export { hubCredentials } from './link/hub-credentials.js';
export { makeWebhookCertificates, type WebhookCertificates } from './tls/index.js';
