import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  token?: string | undefined;
  /** PEM of the CA that signed the serving cert, when serving HTTPS. */
  caPem?: string | undefined;
  name?: string;
}

/** A kubeconfig with one cluster, user and context named `kube-sim`, current. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const name = input.name ?? 'kube-sim';
  const cluster: Record<string, unknown> = { server: input.server };
  if (input.caPem)
    cluster['certificate-authority-data'] = Buffer.from(input.caPem).toString('base64');
  const user: Record<string, unknown> = input.token ? { token: input.token } : {};
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
