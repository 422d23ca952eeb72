// Structured logs: one JSON object per line, correlation ids on turn and job loggers, secrets
// redacted, error fields without request dumps.
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { createLogger, errorFields, jobLogger, turnLogger } from '../../bot/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('bot/logger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.destination });
    logger.info({ site: 'Berlin' }, 'status asked');
    logger.debug({}, 'hidden below the level');
    assert.equal(out.lines.length, 1);
    const [record] = out.records();
    assert.equal(record.level, 'info');
    assert.equal(record.msg, 'status asked');
    assert.equal(record.site, 'Berlin');
    assert.equal(record.service, 'lyncops');
    assert.ok(!Number.isNaN(Date.parse(String(record.time))));
  });

  it('tags turn lines with the activity id, or a generated id, and job lines with the job id', () => {
    const out = capture();
    const logger = createLogger({ level: 'debug', destination: out.destination });
    const turn = turnLogger(logger, 'activity-42');
    turn.log.info({}, 'turn');
    const anonymous = turnLogger(logger, undefined);
    anonymous.log.info({}, 'turn without id');
    jobLogger(logger, '7').warn({ attempt: 2 }, 'retrying');
    const [first, second, third] = out.records();
    assert.equal(first.correlationId, 'activity-42');
    assert.equal(turn.correlationId, 'activity-42');
    assert.match(String(second.correlationId), /^[0-9a-f-]{36}$/);
    assert.equal(second.correlationId, anonymous.correlationId);
    assert.equal(third.jobId, '7');
    assert.equal(third.correlationId, 'job-7');
  });

  it('redacts passwords, secrets and authorization headers', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.destination });
    logger.warn({ password: 'hunter2', graph: { clientSecret: 's3cret' }, headers: { authorization: 'Bearer abc' } }, 'careful');
    assert.doesNotMatch(out.lines[0], /hunter2|s3cret|Bearer abc/);
  });

  it('reduces errors to name, message, code, status and stack', () => {
    const error = Object.assign(new Error('Too Many Requests'), { statusCode: 429, code: 'Throttled', request: { body: 'x'.repeat(10_000) } });
    const fields = errorFields(error) as { err: Record<string, unknown> };
    assert.deepEqual(Object.keys(fields.err).sort(), ['code', 'message', 'name', 'stack', 'statusCode']);
    assert.equal(fields.err.statusCode, 429);
    assert.deepEqual(errorFields('plain'), { err: { message: 'plain' } });
  });
});
