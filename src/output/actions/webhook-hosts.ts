import { z } from 'zod';

import { hostListKind, hostPatternProblem, type HostList } from '../../core/host-list.js';

/** The hosts webhook actions may POST to (`--webhook-host`, `output.webhookHosts`; see HostList). */
export type WebhookHosts = HostList;
export const WebhookHosts = hostListKind({ option: '--webhook-host', onlyPhrase: 'sends webhooks only to', code: 'WEBHOOK_HOST_NOT_ALLOWED' });

/** `output.webhookHosts`: host patterns (see HostList), each checked as it is read; none: any host. */
export const webhookHostsSchema = z
  .array(
    z.string().superRefine((pattern, context) => {
      const problem = hostPatternProblem(pattern);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }),
  )
  .default([]);
