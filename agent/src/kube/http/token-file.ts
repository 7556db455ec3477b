/**
 * A bearer token read from a file and re-read as it rotates. Projected service-account tokens
 * (the default since Kubernetes 1.21) expire after an hour and the kubelet rewrites the file
 * well before; client-go re-reads it at most once a minute, and so do we. A read that fails
 * after one succeeded keeps the last token (the kubelet swaps the file atomically, but a
 * transient error must not drop authentication); a first read that fails is an error.
 */
export const TOKEN_FILE_REREAD_MS = 60_000;

export function fileToken(
  path: string,
  readFile: (path: string) => string,
  now: () => number = Date.now,
): () => Promise<string | undefined> {
  let token: string | undefined;
  let readAt = Number.NEGATIVE_INFINITY;
  return async () => {
    if (token !== undefined && now() - readAt < TOKEN_FILE_REREAD_MS) return token;
    try {
      token = readFile(path).trim();
      readAt = now();
    } catch (error) {
      if (token === undefined) {
        throw new Error(`cannot read the token file ${path}: ${(error as Error).message}`);
      }
    }
    return token;
  };
}
