import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { inClusterTarget } from './in-cluster.js';
import { parseKubeconfig } from './kubeconfig.js';
import { KubeConnectionError, type KubeTarget } from './target.js';

const readText = (path: string) => readFileSync(path, 'utf8');

export function kubeconfigFileTarget(path: string, readFile = readText): KubeTarget {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new KubeConnectionError(
      `cannot read the kubeconfig ${path}: ${(error as Error).message}`,
    );
  }
  return parseKubeconfig({ text, path, readFile });
}

/**
 * The agent's Kubernetes connection: KUBECONFIG when set (one file), else the pod's service
 * account, else ~/.kube/config — the order client-node's loadFromDefault used, minus merging
 * several KUBECONFIG files (an agent talks to one cluster; naming one file is unambiguous).
 */
export function resolveKubeTarget(
  kubeconfig: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  readFile = readText,
): KubeTarget {
  if (kubeconfig) {
    if (kubeconfig.includes(delimiter)) {
      throw new KubeConnectionError(
        `KUBECONFIG lists several files (${kubeconfig}); the Curfew agent reads one: set KUBECONFIG to the file for this cluster`,
      );
    }
    return kubeconfigFileTarget(kubeconfig, readFile);
  }
  const inCluster = inClusterTarget(env, readFile);
  if (inCluster) return inCluster;
  const home = join(env.HOME || homedir(), '.kube', 'config');
  if (existsSync(home)) return kubeconfigFileTarget(home, readFile);
  throw new KubeConnectionError(
    `no Kubernetes connection: not in a pod (KUBERNETES_SERVICE_HOST is unset), KUBECONFIG is unset and ${home} does not exist; set KUBECONFIG to a kubeconfig file`,
  );
}
