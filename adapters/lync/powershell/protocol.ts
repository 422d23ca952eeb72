// The line protocol between the adapter and the bootstrap script running in pwsh (bootstrap.ts).
// Requests go to stdin as one ASCII line each: `LYNCOPS <kind> <id> <base64 of UTF-8 payload>`,
// so no script text is ever parsed by the PowerShell console host and console encodings do not
// matter. Answers come back on stdout framed by markers carrying the request id, holding one
// line of JSON (the envelope); anything printed outside a frame (What if: messages, warnings
// written to the host) is noise and never mistaken for a result.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export type RequestKind = 'connect' | 'run';

export const BEGIN_PREFIX = '<<<LYNCOPS:BEGIN:';
export const END_PREFIX = '<<<LYNCOPS:END:';
export const MARKER_SUFFIX = '>>>';

export function encodeRequest(kind: RequestKind, id: string, payload: string): string {
  return `LYNCOPS ${kind} ${id} ${Buffer.from(payload, 'utf8').toString('base64')}\n`;
}

/** A fresh id per request: random, so output of one command can never pass for another's. */
export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}

export const PsErrorSchema = z.object({
  message: z.string().nullish().transform((v) => v ?? ''),
  category: z.string().nullish().transform((v) => v ?? undefined),
  fullyQualifiedErrorId: z.string().nullish().transform((v) => v ?? undefined),
});

export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.string().nullish().transform((v) => v ?? '') }),
  z.object({ ok: z.literal(false), error: PsErrorSchema }),
]);
export type Envelope = z.output<typeof EnvelopeSchema>;

export type FrameEvent = { type: 'frame'; id: string; body: string } | { type: 'noise'; line: string };

/** Splits pwsh's stdout into frames (by id) and noise lines; tolerant of chunk boundaries. */
export class FrameReader {
  private buffer = '';
  private open?: { id: string; lines: string[] };

  /** Feeds a stdout chunk; returns what became complete. */
  push(chunk: string): FrameEvent[] {
    this.buffer += chunk;
    const events: FrameEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): FrameEvent | undefined {
    const begin = markerId(line, BEGIN_PREFIX);
    if (begin !== undefined) {
      // A new frame while one is open means the open one was cut short: it is dropped.
      this.open = { id: begin, lines: [] };
      return undefined;
    }
    const end = markerId(line, END_PREFIX);
    if (end !== undefined && this.open?.id === end) {
      const frame: FrameEvent = { type: 'frame', id: end, body: this.open.lines.join('\n') };
      this.open = undefined;
      return frame;
    }
    if (this.open && end === undefined) {
      this.open.lines.push(line);
      return undefined;
    }
    return line.trim() === '' ? undefined : { type: 'noise', line };
  }
}

function markerId(line: string, prefix: string): string | undefined {
  const text = line.trim();
  if (!text.startsWith(prefix) || !text.endsWith(MARKER_SUFFIX)) return undefined;
  const id = text.slice(prefix.length, text.length - MARKER_SUFFIX.length);
  return /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : undefined;
}

/** The envelope of a frame body, or undefined when the body is not one. */
export function parseEnvelope(body: string): Envelope | undefined {
  try {
    const result = EnvelopeSchema.safeParse(JSON.parse(body));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
