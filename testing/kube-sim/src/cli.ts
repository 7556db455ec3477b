import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startKubeSim } from './start.js';
import { BOOKMARK_MODES } from './watch-bookmarks.js';

const USAGE = `kube-sim: a simulated Kubernetes API server for tests and demos

Usage: kube-sim [--port 6443] [--kubeconfig ./kube-sim.kubeconfig] [--fixture objects.yaml]
                [--ready-delay-ms 0] [--token SECRET] [--https]
                [--bookmarks deadline|periodic]

--bookmarks: watch bookmarks as a kube-apiserver before 1.27 sends them (deadline, the
default: only 2 s before a watch's timeoutSeconds) or as 1.27+ does (periodic: every minute too).

Prints the server URL and the kubeconfig path, then serves until interrupted.
Use it with: kubectl --kubeconfig <path> get pods`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      kubeconfig: { type: 'string' },
      fixture: { type: 'string' },
      'ready-delay-ms': { type: 'string', default: '0' },
      token: { type: 'string' },
      https: { type: 'boolean' },
      bookmarks: { type: 'string', default: 'deadline' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const readyDelayMs = Number(values['ready-delay-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer 0..65535 (0 picks a free port), got ${values.port}`);
  }
  if (!Number.isFinite(readyDelayMs) || readyDelayMs < 0) {
    throw new Error(
      `--ready-delay-ms must be a non-negative number, got ${values['ready-delay-ms']}`,
    );
  }
  const bookmarks = BOOKMARK_MODES.find((m) => m === values.bookmarks);
  if (!bookmarks) {
    throw new Error(
      `--bookmarks must be one of ${BOOKMARK_MODES.join(', ')}, got ${values.bookmarks}`,
    );
  }
  let fixture: string | undefined;
  if (values.fixture) {
    try {
      fixture = readFileSync(values.fixture, 'utf8');
    } catch (e) {
      throw new Error(`--fixture ${values.fixture} cannot be read: ${(e as Error).message}`);
    }
  }
  const sim = await startKubeSim({
    port,
    readyDelayMs,
    bookmarks,
    ...(values.https !== undefined ? { https: values.https } : {}),
    ...(values.kubeconfig ? { kubeconfigPath: values.kubeconfig } : {}),
    ...(values.token ? { token: values.token } : {}),
    ...(fixture ? { fixture } : {}),
  });
  console.log(`kube-sim listening on ${sim.url}`);
  console.log(`kubeconfig written to ${sim.kubeconfigPath}`);
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
