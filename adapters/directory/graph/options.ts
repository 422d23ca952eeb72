// Options of the Microsoft Graph directory, validated once when the adapter is built so a bad
// value stops start-up with a clear message instead of failing on the first chat turn.
import { z } from 'zod';
import type { TokenCredential } from '@azure/identity';
import type { Clock, Logger } from '../../../migration/ports';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

const httpsUrl = z
  .string()
  .url()
  .refine((u) => u.startsWith('https://'), 'must be an https:// URL (the Graph client sends tokens only over https)')
  .transform((u) => u.replace(/\/+$/, ''));

export const GraphDirectoryOptionsSchema = z
  .object({
    tenantId: z.string().trim().min(1),
    clientId: z.string().trim().min(1),
    clientSecret: z.string().min(1).optional(),
    certificatePath: z.string().min(1).optional(),
    baseUrl: httpsUrl.default(DEFAULT_GRAPH_BASE_URL),
    authorityHost: httpsUrl.default(DEFAULT_AUTHORITY_HOST),
    adminGroup: z.string().trim().min(1).optional(),
    helpdeskGroup: z.string().trim().min(1).optional(),
    adminUsers: z.array(z.string().trim().min(1)).default([]),
    cacheTtlMs: z.number().int().nonnegative().default(60_000),
    requestTimeoutMs: z.number().int().positive().default(10_000),
    /** The Graph client refuses more than 10 retries. */
    maxRetries: z.number().int().min(0).max(10).default(3),
    /** A Retry-After longer than this is not waited for: the call fails as throttled at once. */
    maxRetryAfterSeconds: z.number().nonnegative().max(180).default(30),
    /** Wait before a retry when Graph sends no Retry-After (the client adds exponential backoff). */
    retryDelaySeconds: z.number().nonnegative().max(180).default(2),
  })
  .strip();

export type ParsedGraphDirectoryOptions = z.output<typeof GraphDirectoryOptionsSchema>;

export interface GraphDirectoryOptions extends z.input<typeof GraphDirectoryOptionsSchema> {
  logger?: Logger;
  clock?: Clock;
  /** Replaces the secret/certificate credential (tests, managed identity). */
  credential?: TokenCredential;
}

export function parseGraphDirectoryOptions(options: GraphDirectoryOptions): ParsedGraphDirectoryOptions {
  const result = GraphDirectoryOptionsSchema.safeParse(options);
  if (!result.success) {
    throw new Error(`invalid Graph directory options: ${z.prettifyError(result.error)}`);
  }
  if (!options.credential && !result.data.clientSecret && !result.data.certificatePath) {
    throw new Error('invalid Graph directory options: set a client secret or a certificate path');
  }
  return result.data;
}
