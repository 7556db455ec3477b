import { join } from 'node:path';
import { KubeConnectionError, type KubeTarget } from './target.js';
import { fileToken } from './token-file.js';

/** Where the kubelet mounts the pod's service account (token, ca.crt, namespace). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The pod's own service account, as client-go's rest.InClusterConfig: the API server from
 * KUBERNETES_SERVICE_HOST/PORT (set by the kubelet in every container), the CA from ca.crt,
 * the token from the projected `token` file, re-read as the kubelet rotates it.
 * Undefined when not in a pod (no KUBERNETES_SERVICE_HOST).
 */
export function inClusterTarget(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
  dir = SERVICE_ACCOUNT_DIR,
): KubeTarget | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) return undefined;
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  const tokenPath = join(dir, 'token');
  let ca: string;
  try {
    ca = readFile(join(dir, 'ca.crt'));
    readFile(tokenPath);
  } catch (error) {
    throw new KubeConnectionError(
      `running in a pod (KUBERNETES_SERVICE_HOST is set) but the service account is not mounted in ${dir}: ${(error as Error).message}; keep automountServiceAccountToken on for the agent, or set KUBECONFIG`,
    );
  }
  // An IPv6 service address must be bracketed in a URL.
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    ca,
    insecureSkipTlsVerify: false,
    token: fileToken(tokenPath, readFile),
    source: 'in-cluster service account',
  };
}
