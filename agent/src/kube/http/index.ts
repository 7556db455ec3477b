export { KubeHttp, type OpenOptions, type Query, readText, statusBody } from './client.js';
export { execCredentialToken } from './exec-credential.js';
export { inClusterTarget, SERVICE_ACCOUNT_DIR } from './in-cluster.js';
export { parseKubeconfig } from './kubeconfig.js';
export { kubeconfigFileTarget, resolveKubeTarget } from './resolve.js';
export { KubeConnectionError, type KubeTarget } from './target.js';
export { fileToken } from './token-file.js';
