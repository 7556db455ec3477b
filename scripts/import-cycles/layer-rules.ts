/**
 * Which code may import which, beyond "no cycles" (check-layers.ts applies these; bin/test runs
 * them with the cycle check). Each rule names files by repository-relative path prefix and what
 * they must not import: a path prefix of ours, or a package name.
 *
 * The hub's (hub/README.md, "Architecture"): stores sit behind ports. Only the wiring builds a
 * store, so a handler, routing or the agent-stream side holds an interface and can be tested
 * with a fake; and routing and the agent streams depend one way, through ports.
 */
export interface LayerRule {
  /** The files the rule is about (path prefixes; a whole path names one file). */
  files: readonly string[];
  /** Files among those the rule leaves out (the wiring, the folder itself). */
  except?: readonly string[];
  /** What they must not import: path prefixes of ours, or package names. */
  mustNotImport: readonly string[];
  why: string;
}

export const LAYER_RULES: readonly LayerRule[] = [
  {
    files: ['hub/src/'],
    except: ['hub/src/hub.ts', 'hub/src/store/'],
    mustNotImport: ['hub/src/store/'],
    why: 'the hub builds its Redis stores in hub.ts (createStores); everything else uses their ports (hub/src/ports/)',
  },
  {
    files: ['hub/src/slack/'],
    except: ['hub/src/slack/mount.ts', 'hub/src/slack/store/'],
    mustNotImport: ['hub/src/slack/store/'],
    why: 'the Slack side builds its stores in mount.ts; its handlers use their ports (hub/src/ports/slack.ts, outbox/outbox-state.ts)',
  },
  {
    files: ['hub/src/routing/'],
    mustNotImport: ['hub/src/agents/', 'hub/src/slack/', 'hub/src/api/', '@bufbuild/protobuf'],
    why: 'routing depends on ports only: it hands the agent streams stored commands and the agent-stream side (agents/) builds the wire frames',
  },
  {
    files: ['hub/src/agents/'],
    mustNotImport: ['hub/src/routing/', 'hub/src/api/', 'hub/src/slack/'],
    why: 'the agent-stream side reaches routing through the CommandRouting port, so the two depend one way',
  },
  {
    files: ['hub/src/'],
    except: ['hub/src/redis/', 'hub/src/store/', 'hub/src/slack/store/', 'hub/src/slack/deps.ts'],
    mustNotImport: ['ioredis'],
    why: 'only the stores (and the connections in redis/) talk to Redis; the rest holds ports, never a client',
  },
];
