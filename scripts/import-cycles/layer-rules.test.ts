import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SOURCE_ROOTS } from './check.js';
import { findLayerViolations, formatViolations } from './check-layers.js';
import { LAYER_RULES } from './layer-rules.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A throwaway repository shaped like the hub: path → file contents. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'curfew-layers-'));
  root = dir;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const violations = (files: Record<string, string>) =>
  findLayerViolations(repo(files), ['hub'], LAYER_RULES).map((v) => `${v.file} → ${v.imports}`);

describe('the layer rules', () => {
  it('refuse routing importing the agent-stream side', () => {
    expect(
      violations({
        'hub/src/routing/router.ts':
          "import type { StreamRegistry } from '../agents/stream-registry.js';",
        'hub/src/agents/stream-registry.ts': 'export class StreamRegistry {}',
      }),
    ).toEqual(['hub/src/routing/router.ts → hub/src/agents/stream-registry.ts']);
  });

  it('refuse routing building protobuf messages (the wire frames are the stream side’s)', () => {
    expect(
      violations({ 'hub/src/routing/router.ts': "import { create } from '@bufbuild/protobuf';" }),
    ).toEqual(['hub/src/routing/router.ts → @bufbuild/protobuf']);
  });

  it('refuse the agent-stream side importing routing', () => {
    expect(
      violations({
        'hub/src/agents/agent-connection.ts': "import type { Router } from '../routing/router.js';",
        'hub/src/routing/router.ts': 'export class Router {}',
      }),
    ).toEqual(['hub/src/agents/agent-connection.ts → hub/src/routing/router.ts']);
  });

  it('refuse a handler importing a concrete store, and allow the wiring to', () => {
    expect(
      violations({
        'hub/src/api/routes/clusters-list.ts':
          "import { RedisClusterRegistry } from '../../store/cluster-registry.js';",
        'hub/src/slack/flow/run-action.ts':
          "import { RedisSlackMessageState } from '../store/message-state.js';",
        'hub/src/slack/mount.ts': "import { createSlackStores } from './store/index.js';",
        'hub/src/slack/store/index.ts': "export * from './message-state.js';",
        'hub/src/slack/store/message-state.ts': 'export class RedisSlackMessageState {}',
        'hub/src/store/cluster-registry.ts': 'export class RedisClusterRegistry {}',
        'hub/src/store/index.ts': "export * from './cluster-registry.js';",
        'hub/src/hub.ts': "import { RedisClusterRegistry } from './store/index.js';",
      }),
    ).toEqual([
      'hub/src/api/routes/clusters-list.ts → hub/src/store/cluster-registry.ts',
      'hub/src/slack/flow/run-action.ts → hub/src/slack/store/message-state.ts',
    ]);
  });

  it('refuse a Redis client outside the stores', () => {
    expect(
      violations({
        'hub/src/slack/notifications/deliver.ts': "import type { Redis } from 'ioredis';",
        'hub/src/store/audit-log.ts': "import type { Redis } from 'ioredis';",
        'hub/src/redis/connection.ts': "import { Redis } from 'ioredis';",
      }),
    ).toEqual(['hub/src/slack/notifications/deliver.ts → ioredis']);
  });

  it('say why, so the message tells what to do instead', () => {
    const dir = repo({
      'hub/src/routing/x.ts': "import '../agents/y.js';",
      'hub/src/agents/y.ts': '',
    });
    expect(formatViolations(findLayerViolations(dir, ['hub'], LAYER_RULES))).toEqual([
      'layer:        hub/src/routing/x.ts imports hub/src/agents/y.ts: routing depends on ports only: it hands the agent streams stored commands and the agent-stream side (agents/) builds the wire frames',
    ]);
  });

  it('hold in this repository (what bin/test checks)', () => {
    const here = join(import.meta.dirname, '..', '..');
    expect(formatViolations(findLayerViolations(here, SOURCE_ROOTS, LAYER_RULES))).toEqual([]);
  });
});
