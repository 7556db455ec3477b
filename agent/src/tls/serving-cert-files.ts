import { createPrivateKey, X509Certificate } from 'node:crypto';
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

/**
 * Reads the serving certificate and key; the error names every file that cannot be read (in a
 * fixed order, certificate first: the two reads run in parallel and either may fail first) and
 * what to mount.
 */
export async function readServingCert(files: ServingCertFiles): Promise<ServingCert> {
  const [certRead, keyRead] = await Promise.allSettled([
    readFile(files.certFile, 'utf8'),
    readFile(files.keyFile, 'utf8'),
  ]);
  const unreadable = [
    { what: 'certificate', file: files.certFile, read: certRead },
    { what: 'key', file: files.keyFile, read: keyRead },
  ].flatMap(({ what, file, read }) =>
    read.status === 'rejected'
      ? [`${what} ${file} (${(read.reason as NodeJS.ErrnoException).code ?? String(read.reason)})`]
      : [],
  );
  if (certRead.status === 'rejected' || keyRead.status === 'rejected') {
    throw new Error(
      `Cannot read the webhook ${unreadable.join(' and ')}: ` +
        "mount the webhook TLS Secret (the chart's webhook-tls volume) or run scripts/make-webhook-certs.",
    );
  }
  const cert = certRead.value;
  const key = keyRead.value;
  assertPair(files, cert, key);
  return { cert, key };
}

/**
 * The key must belong to the certificate. Node does not refuse a mismatched pair in
 * setSecureContext (OpenSSL quietly drops the key), and the server would then fail every
 * handshake; a renewal caught between writing tls.crt and tls.key looks exactly like that.
 */
function assertPair(files: ServingCertFiles, cert: string, key: string): void {
  let matches: boolean;
  try {
    matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch (e) {
    throw new Error(
      `The webhook certificate ${files.certFile} or key ${files.keyFile} is not valid PEM (${(e as Error).message}): ` +
        'mount a complete TLS Secret (tls.crt and tls.key).',
    );
  }
  if (!matches) {
    throw new Error(
      `The webhook key ${files.keyFile} does not belong to the certificate ${files.certFile}: ` +
        'mount tls.crt and tls.key from the same TLS Secret.',
    );
  }
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
