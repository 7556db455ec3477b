/**
 * The hub's express app: probes, metrics, the OpenAPI document and its UI, the admin API.
 * No body parser is installed globally because the Slack side verifies signatures over
 * the raw body; the admin API parses JSON on its own router.
 */
import express, { type Express } from 'express';
import { DOCS_PAGE } from '../api/docs-page.js';
import { apiRouter, type MountOptions } from '../api/mount.js';
import { openApiDocument } from '../api/openapi.js';

/** The admin API's own options, plus what the probes and the OpenAPI document need. */
export interface AppOptions extends MountOptions {
  version: string;
  /** Ready to take work: Redis reachable, gRPC bound, not draining. */
  ready: () => { ready: boolean; reasons: string[] };
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const { ready, reasons } = options.ready();
    res
      .status(ready ? 200 : 503)
      .json(ready ? { status: 'ready' } : { status: 'not ready', reasons });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', options.metrics.registry.contentType);
    res.send(await options.metrics.registry.metrics());
  });
  const document = openApiDocument(options.routes, options.version);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  app.use('/api/v1', apiRouter(options));
  return app;
}
