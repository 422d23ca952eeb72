// The command registry is the single source for routing, help and the Teams menu: every
// example phrasing of a command must recognise as that command, and every intent has a spec.
// The registry finds the specs itself (every module of dialogs/commands/), and refuses specs
// that contradict each other or their own schema.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { commandMenu } from '../../dialogs/menu';
import { COMMANDS_DIR, loadCommandModules, type CommandModule } from '../../dialogs/command-modules';
import { CommandSchema, INTENTS, REGISTRY, ReadingSchema, registryOf } from '../../dialogs/registry';
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

  it('a question never acts: every command that records something answers a question with what its spec\'s `asked` says', () => {
    const silent = REGISTRY.filter((spec) => spec.sideEffects === 'record' && !spec.asked).map((spec) => spec.intent);
    assert.deepEqual(silent, []);
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

describe('dialogs/registry finds the specs', () => {
  const modules = loadCommandModules();
  let dir: string;
  before(() => {
    // A command module of its own, beside a helper module, a declaration file and a source map that are none.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-commands-'));
    const zod = JSON.stringify(require.resolve('zod'));
    fs.writeFileSync(
      path.join(dir, 'trial.ts'),
      `const { z } = require(${zod});
export const trial = { intent: 'trial', schema: z.object({ intent: z.literal('trial'), word: z.string() }), order: 1_000_000, roles: ['admin'], sideEffects: false, menu: false, examples: { en: [], de: [] }, handle: async () => [] };
export const notASpec = { intent: 'trial' };
`,
    );
    fs.writeFileSync(path.join(dir, 'helper.ts'), 'export const help = (): string => "x";\n');
    fs.writeFileSync(path.join(dir, 'trial.d.ts'), 'export declare const trial: unknown;\n');
    fs.writeFileSync(path.join(dir, 'trial.js.map'), '{}');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const registryWith = (exports: Record<string, unknown>) => registryOf([...modules, { file: 'extra.ts', exports }]);
  const spec = (intent: string) => REGISTRY.find((s) => s.intent === intent)!;

  it('registers every spec exported by a module of dialogs/commands/, several from one file too, in their order', () => {
    assert.deepEqual(
      modules.map((m) => m.file),
      fs.readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts')).sort(),
    );
    assert.deepEqual(
      REGISTRY.map((s) => s.intent),
      [...REGISTRY].sort((a, b) => a.order - b.order).map((s) => s.intent),
    );
    for (const intent of ['reportProblem', 'listProblems', 'resolveProblem']) assert.ok(INTENTS.includes(intent as never), intent);
  });

  it('every intent of the contract has exactly one spec, and the runtime schemas know each', () => {
    assert.equal(new Set(INTENTS).size, REGISTRY.length);
    for (const s of REGISTRY) {
      const fields = s.intent === 'clarify' ? { choices: [{ intent: 'help' }, { intent: 'listSites' }] } : {};
      const known = CommandSchema.safeParse({ intent: s.intent, ...fields });
      assert.ok(known.success || known.error.issues.every((i) => i.path[0] !== 'intent'), s.intent);
    }
    assert.equal(ReadingSchema.safeParse({ intent: 'clarify', choices: [{ intent: 'help' }, { intent: 'listSites' }] }).success, false);
  });

  it('picks up a new module of its own: its spec joins the registry and the contract', () => {
    const found = loadCommandModules(dir);
    assert.deepEqual(
      found.map((m: CommandModule) => m.file),
      ['helper.ts', 'trial.ts'],
    );
    const registry = registryOf([...modules, ...found]);
    assert.equal(registry.specs.at(-1)?.intent, 'trial');
    assert.deepEqual(registry.CommandSchema.parse({ intent: 'trial', word: 'hello', extra: 1 }), { intent: 'trial', word: 'hello' });
    assert.equal(registry.ReadingSchema.safeParse({ intent: 'trial', word: 'hello' }).success, true);
    assert.equal(registry.specs.length, REGISTRY.length + 1);
  });

  it('stops the start when two specs have one intent or one order, or a schema names another intent', () => {
    assert.throws(() => registryWith({ again: { ...spec('help'), order: 1_000_000 } }), /command specs help\.ts \(help\) and extra\.ts \(again\) both have the intent help/);
    assert.throws(() => registryWith({ early: { ...spec('help'), intent: 'early', order: 1_000_000 } }), /extra\.ts \(early\) has the intent early but its schema the intent help/);
    assert.throws(() => registryWith({ early: { ...spec('help'), intent: 'early' } }), /both have the order 270/);
  });
});
