// Structured logs: pino writing one JSON object per line, adapted to the Logger port of
// migration/ports.ts. Turns and jobs get child loggers carrying their correlation id.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Logger } from '../migration/ports';
import type { LogLevel } from './config';

// Secrets that could reach a log line through an error's details or a request dump.
const REDACT = [
  'password',
  '*.password',
  'testCredentials',
  '*.testCredentials',
  'clientSecret',
  '*.clientSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stderr by default so CLI output on stdout stays machine-readable. */
  destination?: pino.DestinationStream;
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  const root = pino(
    {
      level: options.level,
      base: { service: 'lyncops', ...options.base },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return fromPino(root);
}

/** Wraps a pino logger as the Logger port (children stay wrapped). */
export function fromPino(p: pino.Logger): Logger {
  return {
    debug: (obj, msg) => p.debug(obj, msg),
    info: (obj, msg) => p.info(obj, msg),
    warn: (obj, msg) => p.warn(obj, msg),
    error: (obj, msg) => p.error(obj, msg),
    child: (bindings) => fromPino(p.child(bindings)),
  };
}

/** The logger of one turn: correlated by the activity id, or a fresh id when the channel sent none. */
export function turnLogger(logger: Logger, activityId: string | undefined): { log: Logger; correlationId: string } {
  const correlationId = activityId && activityId.length <= 200 ? activityId : randomUUID();
  return { log: logger.child({ correlationId }), correlationId };
}

/** The logger of one job's background work. */
export function jobLogger(logger: Logger, jobId: string): Logger {
  return logger.child({ jobId, correlationId: `job-${jobId}` });
}

/** Error fields for a log line without dumping whole objects (no request bodies, no tokens). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    const code = (error as { code?: unknown }).code;
    return {
      err: { name: error.name, message: error.message.slice(0, 500), ...(typeof code === 'string' ? { code } : {}), ...(typeof status === 'number' ? { statusCode: status } : {}), stack: error.stack },
    };
  }
  return { err: { message: String(error).slice(0, 500) } };
}
