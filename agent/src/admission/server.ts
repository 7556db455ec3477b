import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  type AdmissionDecision,
  type AdmissionInput,
  type Clock,
  type ClusterPolicy,
  DEFAULT_SLASH_COMMAND,
  decideMutation,
  decideValidation,
  type GroupVersionResource,
} from '@curfew/core';
import { BadReviewError, parseReview, renderReview } from './review-codec.js';
import { type WebhookPaths, webhookPaths } from './webhook-configurations.js';

/** A pino logger fits; only these two levels are used. */
export interface AdmissionLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface AdmissionServerOptions {
  /** 0 picks a free port (tests); the chart uses webhook.port (9443). */
  port: number;
  /** Listen address; all interfaces when absent (the Service reaches the pod IP). */
  host?: string;
  /** PEM serving certificate and key (the chart's Secret: tls.crt, tls.key). */
  tls: { cert: string; key: string };
  policy: ClusterPolicy;
  /** Only `now()` is read: the decisions are pure functions of the time of the review. */
  clock: Pick<Clock, 'now'>;
  logger: AdmissionLogger;
  /** Defaults to the paths of the webhook contract (AGENT_WEBHOOKS in @curfew/contracts). */
  paths?: WebhookPaths;
  /** The Slack command as installed, for the extend advice in denials. */
  slashCommand?: string;
  /** Larger bodies get 413. Default 8 MiB: an object may be 1.5 MiB and old and new both come. */
  maxBodyBytes?: number;
  /**
   * The workload a `scale` request scales, as the agent knows it (its informer cache), in API
   * JSON: a Scale carries no annotations, so the time bomb is read from it. Without it, or when
   * it returns undefined, scale requests are let through (fail open).
   */
  scaleTarget?: ScaleTargetLookup;
}

/** Finds a Deployment or StatefulSet by resource (`deployments`), namespace and name. */
export type ScaleTargetLookup = (
  resource: GroupVersionResource,
  namespace: string,
  name: string,
) => unknown;

export interface AdmissionServer {
  port: number;
  /** Swaps the serving certificate for new connections (cert-manager or the chart rotated it). */
  setTls(tls: { cert: string; key: string }): void;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`, default 2 s). */
  close(graceMs?: number): Promise<void>;
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;

type Decide = (input: AdmissionInput) => AdmissionDecision;

/**
 * The time-bomb admission webhooks over HTTPS (the API server only calls webhooks over verified
 * TLS). Thin: parse the AdmissionReview, call the pure decision in @curfew/core, answer.
 * Fail-open is the cluster's job (failurePolicy: Ignore in the webhook contract); this only has
 * to be fast and correct, and to say clearly what is wrong with a bad request.
 */
export async function startAdmissionServer(opts: AdmissionServerOptions): Promise<AdmissionServer> {
  const paths = opts.paths ?? webhookPaths();
  const slash = opts.slashCommand ?? DEFAULT_SLASH_COMMAND;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const routes = new Map<string, { name: string; decide: Decide }>([
    [
      paths.mutate,
      { name: 'mutate', decide: (i) => decideMutation(i, opts.policy, opts.clock.now()) },
    ],
    [
      paths.validate,
      {
        name: 'validate',
        decide: (i) => decideValidation(withScaleTarget(i), opts.policy, opts.clock.now(), slash),
      },
    ],
  ]);
  const withScaleTarget = (input: AdmissionInput): AdmissionInput => {
    if (input.subResource !== 'scale' || !input.resource || !opts.scaleTarget) return input;
    return { ...input, parent: opts.scaleTarget(input.resource, input.namespace, input.name) };
  };
  const notFound = `No webhook here. This server answers POST ${paths.mutate} and ${paths.validate}, and GET /healthz.\n`;

  const server = createServer(
    {
      cert: opts.tls.cert,
      key: opts.tls.key,
      // The API server keeps connections open between calls; a short keep-alive would make it
      // pay a TLS handshake on most admissions.
      keepAliveTimeout: 60_000,
      headersTimeout: 10_000,
      requestTimeout: 15_000,
    },
    (req, res) => {
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      // kube-apiserver appends ?timeout=5s.
      const path = query === -1 ? url : url.slice(0, query);
      if (path === '/healthz') {
        reply(res, req.method === 'GET' || req.method === 'HEAD' ? 200 : 405, 'ok\n');
        return;
      }
      const route = routes.get(path);
      if (route === undefined) {
        reply(res, 404, notFound);
        return;
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        reply(res, 405, `Use POST to send an AdmissionReview to ${path}.\n`);
        return;
      }
      const type = req.headers['content-type'];
      if (type !== undefined && !type.includes('json')) {
        reply(res, 415, `Content-Type must be application/json, got '${type}'.\n`);
        return;
      }
      readBody(req, res, maxBody, (body) => answer(res, route.name, route.decide, body));
    },
  );

  function answer(res: ServerResponse, hook: string, decide: Decide, body: string): void {
    let review: ReturnType<typeof parseReview>;
    try {
      review = parseReview(body);
    } catch (e) {
      if (!(e instanceof BadReviewError)) throw e;
      opts.logger.warn({ hook, error: e.message }, 'admission: bad request');
      reply(res, 400, `${e.message}\n`);
      return;
    }
    let decision: AdmissionDecision;
    try {
      decision = decide(review.input);
    } catch (e) {
      // A bug, not bad input: 500 makes the API server apply failurePolicy (Ignore: admit).
      opts.logger.warn({ hook, uid: review.uid, error: String(e) }, 'admission: decision failed');
      reply(res, 500, `The ${hook} webhook failed: ${(e as Error).message}\n`);
      return;
    }
    if (!decision.allowed) {
      const { kind, namespace, name, operation } = review.input;
      opts.logger.info(
        { hook, uid: review.uid, kind: kind.kind, namespace, name, operation, code: decision.code },
        `admission: refused: ${decision.message}`,
      );
    }
    const text = renderReview(review.uid, decision);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    setTls: (tls) => server.setSecureContext({ cert: tls.cert, key: tls.key }),
    close: (graceMs = 2000) =>
      new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close((err) => {
          clearTimeout(force);
          if (err) reject(err);
          else resolve();
        });
        // Idle keep-alive connections would otherwise hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Collects the body up to `max` bytes; a larger one gets 413 and the connection is closed. */
function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  max: number,
  done: (body: string) => void,
): void {
  const tooLarge = () => {
    res.setHeader('Connection', 'close');
    reply(res, 413, `The AdmissionReview is larger than ${max} bytes.\n`);
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    tooLarge();
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > max) {
      if (!res.headersSent) tooLarge();
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (size <= max)
      done(
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks).toString('utf8'),
      );
  });
  req.on('error', () => {
    // The client went away; nothing to answer.
  });
}
