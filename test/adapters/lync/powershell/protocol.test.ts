// The stdin/stdout protocol: request lines, frames split across chunks, noise outside frames,
// and frames that cannot be mistaken for one another.
import assert from 'node:assert/strict';
import { encodeRequest, FrameReader, newRequestId, parseEnvelope } from '../../../../adapters/lync/powershell/protocol';
import { BOOTSTRAP_SCRIPT, pwshArguments } from '../../../../adapters/lync/powershell/bootstrap';

const frame = (id: string, body: string) => `<<<LYNCOPS:BEGIN:${id}>>>\n${body}\n<<<LYNCOPS:END:${id}>>>\n`;

describe('pwsh protocol', () => {
  it('encodes a request as one ASCII line carrying the payload in base64', () => {
    const line = encodeRequest('run', 'abc123', "Get-CsUser -Identity 'sip:o''brien@contoso.com'\n# ä");
    assert.match(line, /^LYNCOPS run abc123 [A-Za-z0-9+/=]+\n$/);
    assert.equal(Buffer.from(line.trim().split(' ')[3], 'base64').toString('utf8'), "Get-CsUser -Identity 'sip:o''brien@contoso.com'\n# ä");
  });

  it('makes request ids unique and marker-safe', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()));
    assert.equal(ids.size, 200);
    for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
  });

  it('reassembles frames split across chunks, with CRLF line ends, and reports noise separately', () => {
    const reader = new FrameReader();
    const text = `What if: Performing the operation "Move-CsLegacyUser"\r\n${frame('a1', '{"ok":true,"output":""}').replace(/\n/g, '\r\n')}WARNING: slow\n`;
    const events = [];
    for (let i = 0; i < text.length; i += 7) events.push(...reader.push(text.slice(i, i + 7)));
    assert.deepEqual(events, [
      { type: 'noise', line: 'What if: Performing the operation "Move-CsLegacyUser"' },
      { type: 'frame', id: 'a1', body: '{"ok":true,"output":""}' },
      { type: 'noise', line: 'WARNING: slow' },
    ]);
  });

  it('drops a frame cut short by a new one; an END of another id closes nothing', () => {
    const reader = new FrameReader();
    const events = reader.push(`<<<LYNCOPS:BEGIN:old>>>\n{"ok":tr\n<<<LYNCOPS:END:zzz>>>\n${frame('new', '{"ok":true,"output":"1"}')}`);
    assert.deepEqual(events, [
      { type: 'noise', line: '<<<LYNCOPS:END:zzz>>>' },
      { type: 'frame', id: 'new', body: '{"ok":true,"output":"1"}' },
    ]);
  });

  it('treats marker look-alikes with odd ids as noise', () => {
    const reader = new FrameReader();
    assert.deepEqual(reader.push('<<<LYNCOPS:BEGIN:a b>>>\n'), [{ type: 'noise', line: '<<<LYNCOPS:BEGIN:a b>>>' }]);
  });

  it('parses envelopes and refuses anything else', () => {
    assert.deepEqual(parseEnvelope('{"ok":true,"output":null}'), { ok: true, output: '' });
    assert.deepEqual(parseEnvelope('{"ok":false,"error":{"message":"boom","category":"NotSpecified","fullyQualifiedErrorId":null}}'), {
      ok: false,
      error: { message: 'boom', category: 'NotSpecified', fullyQualifiedErrorId: undefined },
    });
    assert.equal(parseEnvelope('{"ok":tr'), undefined);
    assert.equal(parseEnvelope('{"ok":"yes"}'), undefined);
    assert.equal(parseEnvelope('[]'), undefined);
  });

  it('starts pwsh without profile or prompts, the bootstrap encoded, nothing secret on the command line', () => {
    const args = pwshArguments();
    assert.deepEqual(args.slice(0, 4), ['-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand']);
    assert.equal(Buffer.from(args[4], 'base64').toString('utf16le'), BOOTSTRAP_SCRIPT);
    assert.match(BOOTSTRAP_SCRIPT, /New-PSSession @parameters/);
    assert.match(BOOTSTRAP_SCRIPT, /-Authentication|Authentication = 'Negotiate'/);
    assert.match(BOOTSTRAP_SCRIPT, /Import-PSSession -Session \$session/);
    assert.match(BOOTSTRAP_SCRIPT, /New-PSSessionOption -SkipCACheck -SkipCNCheck/);
    assert.match(BOOTSTRAP_SCRIPT, /LyncOps\.SessionBroken/);
  });
});
