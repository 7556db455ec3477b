import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CLOUD_ENV_TYPES } from './cloud-schema.js';
import { type AgentConfig, configSchema, ENV_NAMES } from './schema.js';

/** Startup configuration is wrong: `problems` says which setting and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid agent configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const BOOLEAN = new Set(['true', 'false', '1', '0', 'yes', 'no']);
const NUMERIC = new Set([
  'httpPort',
  'webhook.port',
  'concurrency',
  'resumeReadyTimeoutMs',
  'deleteStuckAfterMs',
  'hub.notificationStaleAfterMs',
  'leaderElection.leaseDurationMs',
  'leaderElection.renewDeadlineMs',
  'leaderElection.retryPeriodMs',
  'support.runAsUser',
  'gitops.sweepIntervalMs',
  ...CLOUD_ENV_TYPES.numeric,
]);
const BOOLEANS = new Set<string>([
  'hub.tls',
  'leaderElection.enabled',
  ...CLOUD_ENV_TYPES.booleans,
]);
const PRICE_TABLES = new Set<string>(CLOUD_ENV_TYPES.prices);
const LISTS = new Set([
  'policy.systemNamespaces',
  'policy.reminderOffsetsMinutes',
  'expiryWarningOffsetsMinutes',
  'support.command',
  ...CLOUD_ENV_TYPES.lists,
]);
const MINUTE_LISTS = new Set(['policy.reminderOffsetsMinutes', 'expiryWarningOffsetsMinutes']);

/**
 * Settings come from an optional file (`CURFEW_CONFIG_FILE`, YAML or JSON, the shape of
 * AgentConfig) overlaid by environment variables (what helm sets), then one zod validation
 * that reports every problem at once, each naming the env var and the file key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const problems: string[] = [];
  let input: Record<string, unknown> = {};
  const file = env.CURFEW_CONFIG_FILE;
  if (file) {
    try {
      const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        input = parsed as Record<string, unknown>;
      } else if (parsed != null) {
        problems.push(`CURFEW_CONFIG_FILE (${file}): must contain a YAML/JSON object of settings`);
      }
    } catch (error) {
      problems.push(`CURFEW_CONFIG_FILE (${file}): cannot be read: ${(error as Error).message}`);
    }
  }
  const defaults: Record<string, string | undefined> = {
    instanceId: hostname(),
    agentNamespace: 'curfew-system',
  };
  for (const [path, name] of Object.entries(ENV_NAMES)) {
    let raw = env[name];
    if (path === 'hub.token' && raw === undefined && env.CURFEW_HUB_TOKEN_FILE) {
      try {
        raw = readFileSync(env.CURFEW_HUB_TOKEN_FILE, 'utf8').trim();
      } catch (error) {
        problems.push(`CURFEW_HUB_TOKEN_FILE: cannot be read: ${(error as Error).message}`);
      }
    }
    if (raw === undefined || raw === '') {
      if (getPath(input, path) === undefined && defaults[path] !== undefined) {
        setPath(input, path, defaults[path]);
      }
      continue;
    }
    const value = convert(path, name, raw, problems);
    if (value !== undefined) setPath(input, path, value);
  }
  if (problems.length) throw new ConfigError(problems);
  const result = configSchema.safeParse(input);
  if (!result.success) throw new ConfigError(describe(result.error));
  return result.data;
}

function convert(path: string, name: string, raw: string, problems: string[]): unknown {
  if (NUMERIC.has(path)) {
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      problems.push(`${name} (${path}): "${raw}" is not a number`);
      return undefined;
    }
    return value;
  }
  if (BOOLEANS.has(path)) {
    if (!BOOLEAN.has(raw.toLowerCase())) {
      problems.push(`${name} (${path}): "${raw}" must be true or false`);
      return undefined;
    }
    return ['true', '1', 'yes'].includes(raw.toLowerCase());
  }
  if (PRICE_TABLES.has(path)) return priceTable(name, path, raw, problems);
  if (LISTS.has(path)) {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!MINUTE_LISTS.has(path)) return items;
    const numbers = items.map(Number);
    if (numbers.some((n) => !Number.isFinite(n))) {
      problems.push(`${name} (${path}): "${raw}" must be comma-separated minutes, e.g. 60,30,15`);
      return undefined;
    }
    return numbers;
  }
  return raw;
}

/** `ec2/t3.medium=0.0416, rds/db.t3.medium=0.072` → { 'ec2/t3.medium': 0.0416, … } */
function priceTable(name: string, path: string, raw: string, problems: string[]): unknown {
  const table: Record<string, number> = {};
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    const price = eq > 0 ? Number(item.slice(eq + 1)) : Number.NaN;
    if (eq <= 0 || !Number.isFinite(price)) {
      problems.push(
        `${name} (${path}): "${item}" must be <key>=<dollars per hour>, e.g. ec2/t3.medium=0.0416,rds/db.t3.medium=0.072`,
      );
      return undefined;
    }
    table[item.slice(0, eq).trim()] = price;
  }
  return table;
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p) => typeof p !== 'number').join('.');
    const env = ENV_NAMES[path];
    const where = env ? `${env} (${path})` : path || '(file)';
    const message =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${where}: ${message}`;
  });
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  let node: unknown = target;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) as string] = value;
}
