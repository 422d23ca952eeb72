// The command registry is the single source for routing, help and the Teams menu: every
// example phrasing of a command must recognise as that command, and every intent has a spec.
import assert from 'node:assert/strict';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { commandMenu } from '../../dialogs/menu';
import { REGISTRY } from '../../dialogs/registry';
import { INTENTS } from '../../dialogs/contract';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { texts } from '../../dialogs/i18n';
import { composeRules } from '../../dialogs/recognizer/rules';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

describe('dialogs/registry', () => {
  it('has exactly one spec per intent of the command contract', () => {
    assert.deepEqual(REGISTRY.map((c) => c.intent).sort(), [...INTENTS].sort());
  });

  for (const spec of REGISTRY) {
    for (const lang of ['en', 'de'] as const) {
      for (const example of spec.examples[lang]) {
        it(`"${example}" is recognised as ${spec.intent} (${lang})`, () => {
          const r = recognize(example, catalog);
          assert.equal(r.command.intent, spec.intent);
          if (spec.intent !== 'unknown') assert.equal(r.language ?? lang, lang);
        });
      }
    }
  }

  it('menu titles are commands the recognizer understands, in both languages', () => {
    for (const entry of commandMenu()) {
      for (const lang of ['en', 'de'] as const) {
        assert.equal(recognize(entry.title[lang], catalog).command.intent, entry.intent, `${lang}: ${entry.title[lang]}`);
      }
    }
  });

  it('composes the specs\' rules by priority and refuses two rules with one priority', () => {
    const composed = composeRules(REGISTRY);
    const priorities = composed.slotRules.map((r) => r.priority);
    assert.deepEqual(priorities, [...priorities].sort((a, b) => a - b));
    assert.deepEqual([...composed.mutating].sort(), ['coexistenceTest', 'decommission', 'move', 'rollback']);
    const twice = { intent: 'help' as const, sideEffects: false as const, recognition: [{ priority: 5, match: () => undefined }] };
    assert.throws(() => composeRules([twice, { ...twice, intent: 'listSites' as const }]), /listSites share priority 5|help and listSites share priority 5/);
  });

  it('only side-effect-free commands are open to every role; mutating ones are admin-only', () => {
    for (const spec of REGISTRY) if (spec.sideEffects) assert.deepEqual([...spec.roles], ['admin']);
  });

  it('every menu command has EN and DE titles within Teams limits', () => {
    for (const spec of REGISTRY.filter((s) => s.menu)) {
      for (const lang of ['en', 'de'] as const) {
        const c = texts(lang).command[spec.intent];
        assert.ok(c.title.length > 0 && c.title.length <= 32, `${lang} ${spec.intent} title "${c.title}"`);
        assert.ok(c.description.length > 0 && c.description.length <= 128);
      }
    }
  });
});

describe('dialogs/i18n typed twins', () => {
  it('every typed twin of a button is understood as that button’s command, in both languages', () => {
    for (const lang of ['en', 'de'] as const) {
      const { plan, job } = texts(lang);
      assert.deepEqual(recognize(plan.twinConfirm('12'), catalog).command, { intent: 'confirmProposal', proposalId: '12' });
      assert.deepEqual(recognize(plan.twinReject('12'), catalog).command, { intent: 'cancelProposal', proposalId: '12' });
      assert.deepEqual(recognize(job.twinCancel('7'), catalog).command, { intent: 'cancelJob', jobId: '7' });
      assert.deepEqual(recognize(job.twinRetry('7'), catalog).command, { intent: 'retryJob', jobId: '7' });
    }
  });
});
