// Property tests: the recognizer and the card-action validation never throw and always produce
// something valid, whatever the input.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseActionData, ActionDataSchema } from '../../dialogs/actions/parse';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { CommandSchema } from '../../dialogs/registry';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

const words = ['move', 'status', 'site', 'Berlin', 'München', 'pilot', 'group', 'to', 'Lync', '2013', 'back', 'OCS', 'job', '42', 'cancel', 'Verschiebe', 'die', 'Pilotgruppe', 'nach', 'bitte', 'force', 'what if', 'sip:alice@contoso.com', '"Sales Berlin"', '<at>LyncOps</at>', 'zurück', 'history', 'decommission', 'Hamburg', 'coexistence', 'Koexistenztest', '?', '!', 'ü', 'ß', '\u0000', '\u202e'];

describe('robustness: fuzzing', () => {
  it('recognize never throws and always returns a valid Command (arbitrary strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const r = recognize(text, catalog);
        CommandSchema.parse(r.command);
        assert.ok(Array.isArray(r.suggestions));
      }),
      { numRuns: 3000 },
    );
  });

  it('recognize never throws on arbitrary mixes of command words, names and noise', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 })), { maxLength: 20 }), (parts) => {
        const r = recognize(parts.join(' '), catalog);
        CommandSchema.parse(r.command);
        assert.ok(JSON.stringify(r.command).length < 20_000);
      }),
      { numRuns: 3000 },
    );
  });

  it('recognize handles huge and binary-looking input quickly', () => {
    for (const text of ['a'.repeat(100_000), 'move '.repeat(20_000), '\u0000'.repeat(5_000), '💥'.repeat(10_000)]) {
      const started = Date.now();
      CommandSchema.parse(recognize(text, catalog).command);
      assert.ok(Date.now() - started < 2_000, 'bounded time on huge input');
    }
  });

  it('card action validation never throws and only accepts schema-valid data', () => {
    const verb = fc.constantFrom('proposal.confirm', 'proposal.cancel', 'job.cancel', 'job.retry', 'job.refresh', 'x', '__proto__', 'constructor');
    const data = fc.oneof(
      fc.anything(),
      fc.record({ verb, proposalId: fc.oneof(fc.string(), fc.nat().map(String)), jobId: fc.oneof(fc.string(), fc.nat().map(String)), lang: fc.oneof(fc.constantFrom('en', 'de'), fc.string()) }, { requiredKeys: [] }),
      fc.constant(JSON.parse('{"__proto__":{"polluted":true},"verb":"job.cancel","jobId":"1"}')),
      fc.constant(JSON.parse('{"constructor":{"prototype":{"polluted":true}},"verb":"job.cancel","jobId":"1"}')),
    );
    fc.assert(
      fc.property(data, fc.option(fc.string(), { nil: undefined }), (raw, v) => {
        const parsed = parseActionData(raw, v);
        if (parsed) ActionDataSchema.parse(parsed);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }),
      { numRuns: 5000 },
    );
  });
});
