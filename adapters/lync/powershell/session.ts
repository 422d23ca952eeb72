// One pwsh child process holding one remote Management Shell session. It connects once, then
// runs one command at a time (the backend serialises calls); a command that outlives its
// timeout kills the process, and a process that exits fails the command in flight. Callers
// throw a dead session away and open a new one on the next call.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { LyncOpsError } from '../../../migration/errors';
import type { Logger } from '../../../migration/ports';
import { pwshArguments } from './bootstrap';
import { toBackendError } from './error-map';
import { encodeRequest, FrameReader, newRequestId, parseEnvelope, type Envelope, type RequestKind } from './protocol';

export interface ConnectRequest {
  connectionUri: string;
  username?: string;
  password?: string;
  skipCertificateChecks: boolean;
  /** Test user accounts for the synthetic tests' credential forms ($LyncOpsTestCred0, 1, … in that order). */
  testCredentials?: Array<{ username: string; password: string }>;
}

export interface SessionOptions {
  pwshPath: string;
  /** Environment of the child; the parent's when absent. */
  env?: NodeJS.ProcessEnv;
  connect: ConnectRequest;
  connectTimeoutMs: number;
  logger: Logger;
}

interface Pending {
  id: string;
  resolve(envelope: Envelope): void;
  reject(error: LyncOpsError): void;
  timer: NodeJS.Timeout;
}

const STDERR_TAIL = 4096;

export class PwshSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly reader = new FrameReader();
  private readonly logger: Logger;
  private pending?: Pending;
  private exited = false;
  private stderrTail = '';
  private readonly exitPromise: Promise<void>;

  private constructor(options: SessionOptions) {
    this.child = spawn(options.pwshPath, pwshArguments(), { env: options.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.logger = options.logger.child({ pid: this.child.pid });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    // A write to a process that just died fails with EPIPE; the exit handler reports it.
    this.child.stdin.on('error', () => undefined);
    this.exitPromise = new Promise((resolve) => {
      this.child.once('error', (err) => {
        // Cannot start at all (wrong PWSH_PATH): a retry would not help.
        this.onExit(`cannot run ${options.pwshPath}: ${err.message}`, 'BACKEND_FAILED');
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        this.onExit(`pwsh exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`);
        resolve();
      });
    });
  }

  /** Starts pwsh and opens the remote session; throws a coded error when either fails. */
  static async open(options: SessionOptions): Promise<PwshSession> {
    const session = new PwshSession(options);
    try {
      const envelope = await session.request('connect', JSON.stringify(options.connect), options.connectTimeoutMs);
      if (!envelope.ok) throw toBackendError(envelope.error, 'New-PSSession');
    } catch (e) {
      session.kill();
      throw e;
    }
    session.logger.info({ connectionUri: options.connect.connectionUri, username: options.connect.username }, 'Management Shell session opened');
    return session;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Runs one script; rejects with BACKEND_TIMEOUT (after killing the process) or SESSION_LOST. */
  run(script: string, timeoutMs: number): Promise<Envelope> {
    return this.request('run', script, timeoutMs);
  }

  /**
   * Hard stop. A hung pipeline cannot be interrupted through a stdin protocol, so the remote
   * runspace is left to the server's WinRM idle timeout.
   */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Ends stdin so the bootstrap removes the remote session; kills the process if it lingers. */
  async close(graceMs: number): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  private request(kind: RequestKind, payload: string, timeoutMs: number): Promise<Envelope> {
    if (this.exited) return Promise.reject(new LyncOpsError('SESSION_LOST', 'the pwsh process has exited'));
    if (this.pending) return Promise.reject(new LyncOpsError('BACKEND_FAILED', 'a command is already running on this session'));
    const id = newRequestId();
    return new Promise<Envelope>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id, new LyncOpsError('BACKEND_TIMEOUT', `no answer from pwsh within ${timeoutMs} ms`, { timeoutMs }));
        this.logger.warn({ timeoutMs }, 'pwsh command timed out; killing the process');
        this.kill();
      }, timeoutMs);
      this.pending = { id, resolve, reject, timer };
      this.child.stdin.write(encodeRequest(kind, id, payload));
    });
  }

  private settle(id: string, outcome: Envelope | LyncOpsError): void {
    const pending = this.pending;
    if (!pending || pending.id !== id) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (outcome instanceof LyncOpsError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private onStdout(chunk: string): void {
    for (const event of this.reader.push(chunk)) {
      if (event.type === 'noise') {
        this.logger.debug({ line: event.line.slice(0, 300) }, 'pwsh output outside a frame');
        continue;
      }
      if (event.id !== this.pending?.id) {
        this.logger.warn({ frameId: event.id }, 'pwsh answered a request that is not pending');
        continue;
      }
      const envelope = parseEnvelope(event.body);
      this.settle(
        event.id,
        envelope ?? new LyncOpsError('BACKEND_OUTPUT_INVALID', 'pwsh answered with an unreadable envelope', { body: event.body.slice(0, 200) }),
      );
    }
  }

  private onExit(reason: string, code: 'SESSION_LOST' | 'BACKEND_FAILED' = 'SESSION_LOST'): void {
    if (this.exited) return;
    this.exited = true;
    const pending = this.pending;
    if (pending) {
      this.logger.warn({ reason, stderr: this.stderrTail.trim().slice(-1000) }, 'pwsh exited during a command');
      const message = code === 'SESSION_LOST' ? `the Management Shell session was lost: ${reason}` : reason;
      this.settle(pending.id, new LyncOpsError(code, message));
    } else {
      this.logger.info({ reason }, 'pwsh process ended');
    }
  }
}
