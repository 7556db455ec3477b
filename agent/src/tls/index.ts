/** TLS for the admission webhook Service. */

export {
  readServingCert,
  type ServingCert,
  type ServingCertFiles,
  watchServingCert,
} from './serving-cert-files.js';
export {
  makeWebhookCertificates,
  type WebhookCertificates,
  type WebhookCertOptions,
  webhookServiceHosts,
} from './webhook-certs.js';
