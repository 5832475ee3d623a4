// Demo secret values for the Acme Support demo API. Obviously fake: they only open the local demo server
// (server.mjs) and are never valid anywhere else. scripts/demo.mjs passes them to the CLI as
// STELLAR_SECRET_<NAME>_DEVELOPMENT; the CLI masks them in everything it prints.
export const DEMO_SECRETS = Object.freeze({
  BILLING_API_TOKEN: 'demo-billing-token',
  PAYMENTS_CLIENT_SECRET: 'demo-payments-client-secret',
  REFUND_APPROVAL_TOKEN: 'demo-refund-approval-token',
  CRM_API_PASSWORD: 'demo-crm-password',
  CRM_APP_KEY: 'demo-crm-app-key',
  HELPDESK_MCP_TOKEN: 'demo-helpdesk-token',
  TELNYX_API_KEY: 'Bearer demo-telnyx-key',
  STATUSPAGE_API_KEY: 'demo-statuspage-key',
  CALLBACKS_API_TOKEN: 'demo-callbacks-token',
});

/** The OAuth2 client of the Payments API in development (auth/payments-oauth.auth.yaml). */
export const DEMO_OAUTH_CLIENT_ID = 'stellar-voice-dev';
/** The CRM service user in development (auth/crm-basic.auth.yaml). */
export const DEMO_CRM_USERNAME = 'stellar-bot';
