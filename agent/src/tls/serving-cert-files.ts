import { readFile } from 'node:fs/promises';

export interface ServingCertFiles {
  /** tls.crt from the mounted Secret. */
  certFile: string;
  /** tls.key from the mounted Secret. */
  keyFile: string;
}

export interface ServingCert {
  cert: string;
  key: string;
}

/** Reads the serving certificate and key; the error names the file and what to mount. */
export async function readServingCert(files: ServingCertFiles): Promise<ServingCert> {
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      throw new Error(
        `Cannot read the webhook ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}): ` +
          "mount the webhook TLS Secret (the chart's webhook-tls volume) or run scripts/make-webhook-certs.",
      );
    }
  };
  const [cert, key] = await Promise.all([
    read(files.certFile, 'certificate'),
    read(files.keyFile, 'key'),
  ]);
  return { cert, key };
}

/**
 * Re-reads the files every `intervalMs` and calls `apply` when they changed, so a certificate
 * cert-manager renews reaches the server without a restart. Polling, not fs.watch: the kubelet
 * updates a Secret volume by swapping a symlink, which inotify watches on the files miss.
 * A half-written pair (cert and key not matching yet) is reported to `onError` and retried on
 * the next tick.
 */
export function watchServingCert(
  files: ServingCertFiles,
  current: ServingCert,
  apply: (next: ServingCert) => void,
  opts: { intervalMs?: number; onError?: (error: Error) => void } = {},
): { stop(): void } {
  let last = current;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const next = await readServingCert(files);
      if (next.cert !== last.cert || next.key !== last.key) {
        apply(next);
        last = next;
      }
    } catch (e) {
      opts.onError?.(e as Error);
    } finally {
      busy = false;
    }
  }, opts.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
