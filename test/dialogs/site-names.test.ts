// A German reader meets the sites by their German names ("München") on every card and in every
// sentence that names one: plans (what, gates, the next step), job cards and the job list, the
// runbook and its overview, who is left, problem reports. Buttons keep the site's own name.
import assert from 'node:assert/strict';
import type { Reply } from '../../dialogs/types';
import { cardText } from '../helpers/turns/card-check';
import { ALEX, HELGA, useWorld } from '../helpers/world';
import { queueJob, until } from '../helpers/world/jobs';

const shown = (replies: Reply[]) => replies.map((r) => (r.card ? cardText(r.card) : (r.text ?? ''))).join('\n');

describe('dialogs: site names in the reader\'s language', () => {
  const w = useWorld();

  const german: Array<[string, RegExp]> = [
    ['Verschiebe Standort München nach Lync 2013', /Standort München/],
    ['was wäre wenn Standort München nach Lync 2013 verschieben', /Standort München/],
    ['Ablauf für Standort München', /^Ablauf für Standort München/],
    ['Ablauf anzeigen', /München/],
    ['wer ist in München noch auf OCS?', /München/],
    ['wer ist noch auf OCS?', /München/],
    ['Probleme in München anzeigen', /^Problemmeldungen in München/],
    ['Verlauf von Standort München', /München/],
    ['hallo', /München/],
    ['Pilot in München abnehmen', /München/],
    ['Schritt Edge-Föderation für München erledigt: Route umgestellt', /in München erledigt/],
  ];
  for (const [text, expected] of german) {
    it(`"${text}" says München, never Munich`, async () => {
      const out = shown(await w.say(text, ALEX, 'de-DE'));
      assert.match(out, expected);
      assert.doesNotMatch(out, /Munich/);
    });
  }

  it('a job card and the job list say München in German and Munich in English', async () => {
    const { job } = await queueJob(w, { intent: 'coexistenceTest', site: 'Munich' });
    await until('the coexistence test to finish', async () => (await w.store.getJob(job.id))?.state === 'completed');
    const de = shown(await w.say(`Status von Auftrag ${job.id}`, HELGA, 'de-DE'));
    assert.match(de, new RegExp(`^Auftrag ${job.id}: Koexistenztest · München\\nStandort München`));
    assert.doesNotMatch(de, /Munich/);
    const list = shown(await w.say('Aufträge anzeigen', HELGA, 'de-DE'));
    assert.match(list, new RegExp(`Auftrag ${job.id}: Koexistenztest · Standort München`));
    assert.doesNotMatch(list, /Munich/);
    assert.match(shown(await w.say(`status of job ${job.id}`, HELGA)), new RegExp(`^Job ${job.id}: Coexistence test · Munich`));
  });

  it('the runbook buttons still carry the site\'s own name', async () => {
    const card = (await w.say('Ablauf für Standort München', ALEX, 'de-DE')).find((r) => r.card)?.card;
    const data = JSON.stringify(card);
    assert.match(data, /"site":"Munich"/);
    assert.doesNotMatch(data, /"site":"München"/);
  });
});
