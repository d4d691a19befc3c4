import { z } from 'zod';

import { API_ERROR_STATUS, type ApiErrorCode } from './errors.js';

/** The body of every error response, for the API docs. */
export const errorBodySchema = z.strictObject({
  code: z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]),
  message: z.string().describe('what went wrong and what to do'),
});
