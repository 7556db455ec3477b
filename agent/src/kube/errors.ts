/**
 * A failed Kubernetes request, reduced to what retry logic needs: the HTTP status, the
 * Status reason and any Retry-After the server sent with a 429.
 */
export class KubeError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason = '',
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof KubeError && error.status === 404;
}

export function isConflict(error: unknown): boolean {
  return error instanceof KubeError && error.status === 409;
}

/**
 * 0 (connection failed), 409 (someone else wrote first: re-read and re-plan), 429 (API priority and fairness is
 * shedding load) and 5xx are transient; anything else (403 RBAC, 422 invalid) will fail the
 * same way again, so retrying only delays the error report.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof KubeError)) return false;
  return error.status === 0 || error.status === 409 || error.status === 429 || error.status >= 500;
}
