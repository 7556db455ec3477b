/**
 * `GET /slack/manifest`: the Slack app manifest with this hub's public URL filled in, to paste
 * into api.slack.com → "Create New App" → "From an app manifest" (or to compare with the app's
 * current manifest after an upgrade). It holds no secret, so it needs no token.
 */
import type { RequestHandler } from 'express';
import type { ResolvedSlackConfig } from './config.js';
import { slackAppManifest } from './manifest.js';

export const SLACK_MANIFEST_PATH = '/slack/manifest';

export function slackManifestRoute(
  config: Pick<ResolvedSlackConfig, 'publicUrl' | 'commandName' | 'endpoint'>,
): RequestHandler {
  return (_req, res) => {
    if (config.publicUrl === undefined) {
      res.status(404).json({
        error: 'public_url_not_set',
        message:
          'PUBLIC_URL is not set, so the hub does not know the https URL Slack reaches it at: set it (helm: publicUrl, or ingress.http.host) to e.g. https://curfew.example.com, or use helm/slack-app-manifest.yaml and replace its host',
      });
      return;
    }
    res.json(
      slackAppManifest({
        publicUrl: config.publicUrl,
        commandName: config.commandName,
        endpoint: config.endpoint,
      }),
    );
  };
}
