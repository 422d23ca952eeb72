// Recognition tables of the command tests: each case a text, the command it must read as, and the
// language it is written in (checked when the recognizer names one, or always when asked to).
import { strict as assert } from 'node:assert';
import type { Command } from '../../../dialogs/contract';
import { catalogFromTopology, recognize } from '../../../dialogs/recognizer';
import { demoTopology } from '../../../migration/demo-topology';
import { TopologyIndex } from '../../../migration/topology';

/** The demo deployment's names, as the bot reads them. */
export const DEMO_CATALOG = catalogFromTopology(new TopologyIndex(demoTopology()));

export interface ReadingCase {
  text: string;
  command: Command;
  lang: 'en' | 'de';
  /** The test's title. */
  title: string;
}

/** One test per case: the text reads as exactly that command on the demo deployment. */
export function readsAs(cases: readonly ReadingCase[], options: { languageRequired?: boolean } = {}): void {
  for (const c of cases) {
    it(c.title, () => {
      const r = recognize(c.text, DEMO_CATALOG);
      assert.deepEqual(r.command, c.command);
      assert.equal(options.languageRequired ? r.language : (r.language ?? c.lang), c.lang);
    });
  }
}
