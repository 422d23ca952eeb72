// Safe entry of chat-supplied values into PowerShell: every value passes a strict schema first
// (SIP address, FQDN, conference directory number) and then enters a script only as a
// single-quoted literal. Anything else is INVALID_INPUT and never reaches the pwsh process.
import { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';

/**
 * PowerShell treats the typographic single quotes (U+2018..U+201B) exactly like the ASCII
 * apostrophe, so each of them must be doubled too, or a pasted "smart quote" would end the literal.
 */
const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/** A PowerShell single-quoted literal: no expansion inside; a quote is escaped by doubling it. */
export function psQuote(value: string): string {
  return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const FQDN_PATTERN = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
// Local parts keep what mail systems allow in practice, including the apostrophe (o'brien@...):
// it is legal in addresses and psQuote neutralises it.
const LOCAL_PART_PATTERN = /^[a-z0-9_](?:[a-z0-9._%+'-]{0,62}[a-z0-9_])?$/;

/** A DNS name (pool, computer, replica): lower-cased, at least two labels. */
/** Index of a $LyncOpsTestCred<n> variable the bootstrap defined. */
export const CredentialIndexInput = z.number().int().min(0).max(49);

export const FqdnInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(FQDN_PATTERN, 'not a fully qualified domain name');

/** A SIP address with or without "sip:", normalised to lower case without the prefix. */
export const SipInput = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/^sip:/, ''))
  .pipe(
    z
      .string()
      .max(254)
      .refine((v) => {
        const at = v.lastIndexOf('@');
        return at > 0 && LOCAL_PART_PATTERN.test(v.slice(0, at)) && FQDN_PATTERN.test(v.slice(at + 1));
      }, 'not a SIP address'),
  );

/** Conference directory identity (an integer as Get-CsConferenceDirectory reports it). */
export const ConferenceDirectoryInput = z.number().int().nonnegative().max(2147483647);

export const MoveOptionsInput = z.object({ whatIf: z.boolean().optional() }).strict().optional();

export const SyntheticKindInput = z.enum(['registration', 'im', 'presence']);

/** Parses chat-supplied input or throws INVALID_INPUT naming the parameter. */
export function checkInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const reason = result.error.issues.map((i) => i.message).join('; ');
    throw new LyncOpsError('INVALID_INPUT', `${what}: ${reason}`, { parameter: what });
  }
  return result.data;
}

/** A SIP address as Lync identities want it ("sip:" + address), already a quoted literal. */
export function quotedSip(value: unknown, what: string): string {
  return psQuote(`sip:${checkInput(SipInput, value, what)}`);
}

export function quotedFqdn(value: unknown, what: string): string {
  return psQuote(checkInput(FqdnInput, value, what));
}
