// The recognizer's building blocks and guarantees beyond the phrase table: normalising,
// typo budgets, did-you-mean, the catalog, suggestions, robustness on arbitrary text, scale.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CommandSchema, INTENTS } from '../../dialogs/registry';
import { demoTopology, generateTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { catalogFromTopology, recognize, suggestNames, type NameCatalog } from '../../dialogs/recognizer';
import { compileCatalog } from '../../dialogs/recognizer/catalog';
import { closeDistance, editBudget } from '../../dialogs/recognizer/fuzzy';
import { lexiconConflicts } from '../../dialogs/recognizer/lexicon';
import { cleanText, foldKey, tokenise } from '../../dialogs/recognizer/normalise';
import { ENGLISH } from './fixtures/recognizer-table-en';
import { GERMAN } from './fixtures/recognizer-table-de';

const demo = catalogFromTopology(new TopologyIndex(demoTopology()));

describe('recognizer parts', () => {
  describe('normalise', () => {
    it('folds case, accents and both umlaut spellings to one key', () => {
      assert.equal(foldKey('München'), foldKey('Muenchen'));
      assert.equal(foldKey('München'), foldKey('Munchen'));
      assert.equal(foldKey('außer'), 'ausser');
      assert.equal(foldKey('BESTÄTIGE'), foldKey('bestaetige'));
    });

    it('removes mentions, markup, entities and control characters', () => {
      assert.equal(cleanText('<at id="0">Lync Ops</at>&nbsp;<p>help</p>\u0007'), 'help');
      assert.equal(cleanText('move <sip:carol@contoso.com>'), 'move carol@contoso.com');
      assert.equal(cleanText('he\u200bllo\u0000world'), 'hello world');
    });

    it('tokenises quotes, addresses, compounds and question marks', () => {
      const tokens = tokenise('move "Sales Berlin" sip:Carol@Contoso.com OCS-Pool lync2013?');
      assert.deepEqual(
        tokens.map((t) => [t.kind, t.raw]),
        [['word', 'move'], ['quoted', 'Sales Berlin'], ['email', 'Carol@Contoso.com'], ['word', 'OCS'], ['word', 'Pool'], ['word', 'lync'], ['number', '2013'], ['qmark', '?']],
      );
      assert.equal(tokens[3].compound, 'OCS-Pool');
      assert.equal(tokens[3].part, 0);
      assert.equal(tokens[4].part, 1);
    });
  });

  describe('typo budget', () => {
    it('never fuzzes short words and allows more edits on longer ones', () => {
      assert.deepEqual([3, 4, 5, 8, 9, 14].map(editBudget), [0, 0, 1, 1, 2, 2]);
      assert.equal(closeDistance('stop', 'step'), -1);
      assert.equal(closeDistance('hlep', 'help'), 1, 'a neighbour swap is one edit even in four letters');
      assert.equal(closeDistance('stauts', 'status'), 1);
      assert.equal(closeDistance('berln', 'berlin'), 1);
      assert.equal(closeDistance('pilotgrupe', 'pilotgruppe'), 1);
      assert.equal(closeDistance('hamburg', 'hamster'), -1);
    });

    it('does not turn short or foreign words into keywords or names', () => {
      for (const text of ['stop', 'list', 'bin', 'Bern', 'Hamm', 'Köln', 'Essen status']) {
        const r = recognize(text, demo).command;
        assert.ok(!('site' in r) || r.site === 'Essen', `${text} -> ${JSON.stringify(r)}`);
      }
    });
  });

  describe('suggestNames', () => {
    const sites = ['Berlin', 'Munich', 'München', 'Hamburg', 'Frankfurt'];
    it('ranks close names first and ignores case, accents and umlaut spelling', () => {
      assert.deepEqual(suggestNames('Berln', sites), ['Berlin']);
      assert.deepEqual(suggestNames('muenchn', sites, 1), ['München']);
      assert.deepEqual(suggestNames('Hamburgg', sites), ['Hamburg']);
      assert.deepEqual(suggestNames('Fra', sites), ['Frankfurt']);
    });
    it('returns nothing for names that are nowhere near, and respects max', () => {
      assert.deepEqual(suggestNames('Atlantis', sites), []);
      assert.deepEqual(suggestNames('', sites), []);
      assert.equal(suggestNames('Mun', ['Munich', 'Munich2', 'Munster', 'Mundo'], 2).length, 2);
    });
  });

  describe('lexicon', () => {
    it('has no word or phrase listed twice', () => assert.deepEqual(lexiconConflicts(), []));
  });

  describe('catalog', () => {
    it('is built from the topology with aliases, users and pools', () => {
      assert.deepEqual(demo.sites.find((s) => s.name === 'Munich')?.aliases, ['München', 'Muenchen']);
      assert.equal(demo.sipDomain, 'contoso.com');
      assert.ok(demo.hasUser('carol@contoso.com'));
      assert.ok(demo.hasUser('sip:Carol@contoso.com'));
      assert.ok(!demo.hasUser('nobody@contoso.com'));
      assert.ok(demo.pools?.some((p) => p.fqdn === 'ocs-ham.contoso.local' && p.site === 'Hamburg'));
    });

    it('is compiled once per catalog object', () => {
      assert.equal(compileCatalog(demo), compileCatalog(demo));
      assert.notEqual(compileCatalog({ ...demo }), compileCatalog(demo));
    });

    it('works with any deployment, not only the demo names', () => {
      const users = new Set(['jane@fabrikam.net']);
      const custom: NameCatalog = {
        sites: [{ name: 'Zürich', aliases: ['Zurich', 'ZRH'] }, { name: 'New York', aliases: ['NYC'] }],
        groups: [{ name: 'Early Adopters', aliases: ['Frühe Nutzer'] }],
        sipDomain: 'fabrikam.net',
        hasUser: (sip) => users.has(sip),
      };
      assert.deepEqual(recognize('status of site zurich', custom).command, { intent: 'siteStatus', site: 'Zürich' });
      assert.deepEqual(recognize('Status von New York', custom).command, { intent: 'siteStatus', site: 'New York' });
      assert.deepEqual(recognize('move the early adopters to lync', custom).command, { intent: 'move', subject: { kind: 'group', group: 'Early Adopters' }, target: 'lync2013', dryRun: false });
      assert.deepEqual(recognize('Verschiebe die frühen Nutzer nach Lync 2013', custom).command, { intent: 'move', subject: { kind: 'group', group: 'Early Adopters' }, target: 'lync2013', dryRun: false });
      assert.deepEqual(recognize('where is jane homed', custom).command, { intent: 'userStatus', user: 'jane@fabrikam.net' });
      assert.deepEqual(recognize('status of site Berlin', custom).command, { intent: 'siteStatus', site: 'Berlin', unresolved: ['Berlin'] });
    });
  });

  describe('suggestions', () => {
    it('puts the recognised intent first, at most three', () => {
      for (const [text, command] of [...ENGLISH, ...GERMAN]) {
        const r = recognize(text, demo);
        assert.ok(r.suggestions.length >= 1 && r.suggestions.length <= 3, text);
        assert.equal(new Set(r.suggestions).size, r.suggestions.length, text);
        if (command.intent !== 'unknown') assert.equal(r.suggestions[0], command.intent, text);
        for (const s of r.suggestions) assert.ok(INTENTS.includes(s), s);
      }
    });

    it('offers the likely intents for text that is not quite a command', () => {
      assert.ok(recognize('cancel', demo).suggestions.includes('cancelJob'));
      assert.ok(recognize('confirm', demo).suggestions.includes('confirmProposal'));
      assert.ok(recognize('decommission', demo).suggestions.includes('decommission'));
      assert.ok(recognize('Koexistenztest', demo).suggestions.includes('coexistenceTest'));
      assert.ok(recognize('histry plz', demo).suggestions.includes('history'));
      assert.deepEqual(recognize('zzzz', demo).suggestions, ['help']);
    });
  });

  describe('robustness', () => {
    it('never throws and always returns a contract command, for any text', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
          const r = recognize(text, demo);
          CommandSchema.parse(r.command);
          assert.ok(r.suggestions.length <= 3);
        }),
        { seed: 2013, numRuns: 400 },
      );
    });

    it('keeps its words when command-like words are shuffled with noise', () => {
      const words = ['move', 'Verschiebe', 'status', 'Standort', 'Berlin', 'carol', 'job', '42', 'zurück', 'OCS', 'Lync', '2013', '"Sales Berlin"', 'bitte', '?', '-WhatIf', 'trotzdem'];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...words), { maxLength: 12 }), (parts) => {
          CommandSchema.parse(recognize(parts.join(' '), demo).command);
        }),
        { seed: 7, numRuns: 300 },
      );
    });
  });

  // How long recognition takes is a figure of `npm run bench` (recognizer: large against demo).
  describe('scale', () => {
    it('copes with a large deployment', () => {
      const big = catalogFromTopology(new TopologyIndex(generateTopology({ usersPerSite: 5000, seed: 1 })));
      assert.deepEqual(recognize('move carol to lync', big).command, { intent: 'move', subject: { kind: 'user', user: 'carol@contoso.com' }, target: 'lync2013', dryRun: false });
    });
  });
});
