import { hostListKind, type HostList } from '../../core/host-list.js';

/** The hosts webhook actions may POST to (`--webhook-host`, `output.webhookHosts`; see HostList). */
export type WebhookHosts = HostList;
export const WebhookHosts = hostListKind({ option: '--webhook-host', onlyPhrase: 'sends webhooks only to', code: 'WEBHOOK_HOST_NOT_ALLOWED' });
