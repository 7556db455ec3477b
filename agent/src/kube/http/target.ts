/**
 * Where the agent's Kubernetes requests go and how they authenticate: what a kubeconfig or the
 * pod's service account boils down to. Built once at startup (kubeconfig.ts, in-cluster.ts);
 * the HTTP client (client.ts) takes nothing else.
 */
export interface KubeTarget {
  /** The API server's base URL, e.g. `https://10.96.0.1:443`, without a trailing slash. */
  server: string;
  /** PEM bundle the server's certificate must chain to; unset: the system's roots. */
  ca?: string;
  /** PEM client certificate and key (mutual TLS), both or neither. */
  cert?: string;
  key?: string;
  /** kubeconfig `insecure-skip-tls-verify`: accept any server certificate. */
  insecureSkipTlsVerify: boolean;
  /** kubeconfig `tls-server-name`: the name to verify the certificate against instead. */
  tlsServerName?: string;
  /**
   * The bearer token for the next request, or undefined for none. A function because tokens
   * rotate: projected service-account tokens are re-read from their file, exec plugins re-run.
   */
  token(): Promise<string | undefined>;
  /** Where this came from, for log lines: `in-cluster` or `kubeconfig <path> (context <name>)`. */
  source: string;
}

/** The Kubernetes connection cannot be set up: the message says what to change. */
export class KubeConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConnectionError';
  }
}
