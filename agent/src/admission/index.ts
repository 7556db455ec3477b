/** The time-bomb admission webhooks: server, AdmissionReview codec, webhook configurations. */
export {
  BadReviewError,
  type ParsedReview,
  parseReview,
  REVIEW_API_VERSION,
  renderReview,
} from './review-codec.js';
export { scaleTargetFromCache } from './scale-target.js';
export {
  type AdmissionLogger,
  type AdmissionServer,
  type AdmissionServerOptions,
  type ScaleTargetLookup,
  startAdmissionServer,
} from './server.js';
export {
  buildWebhookConfigurations,
  type WebhookConfigurationOptions,
  type WebhookConfigurations,
  type WebhookEndpoint,
  type WebhookPaths,
  webhookPaths,
} from './webhook-configurations.js';
