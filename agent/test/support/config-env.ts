import { ConfigError, loadConfig } from '../../src/config/load.js';

/** The smallest environment an agent starts with. */
export const MINIMAL_ENV = {
  CURFEW_CLUSTER_ID: 'dev-eu-1',
  CURFEW_HUB_ADDRESS: 'hub.example.com:443',
  CURFEW_HUB_TOKEN: 'abcdefghijklmnopqrstuvwxyz',
  POD_NAME: 'curfew-agent-0',
};

/** What loadConfig says is wrong with `env` (empty: nothing). */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
