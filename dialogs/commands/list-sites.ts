// listSites: every site with its derived phase and users on OCS vs Lync.
import { z } from 'zod';
import { derivePhase, observeSite, takeSnapshot } from '../../migration/phases';
import { localSiteName } from '../../migration/topology';
import { siteListCard } from '../cards/status';
import { STAFF, type CommandSpec } from '../context';
import { ofIntent, statusOf } from '../recognizer/intents';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('listSites'), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    listSites: typeof schema;
  }
}

export const listSites: CommandSpec<'listSites'> = {
  intent: 'listSites',
  schema,
  order: 30,
  roles: STAFF,
  sideEffects: false,
  // "status" alone is the overview; "Wie ist das Wetter?" (status wording about something else) is not.
  recognition: [{ priority: 1012, match: (s) => ofIntent(statusOf(s), 'listSites') }],
  hints: { list: 0, overview: 0, site: 1, sites: 0, migration: 0 },
  menu: true,
  examples: { en: ['list sites', 'show all sites'], de: ['Standorte anzeigen', 'welche Standorte gibt es?'] },
  async handle(ctx) {
    const { deps } = ctx;
    const snapshot = await takeSnapshot(deps.backend);
    const rows = await Promise.all(
      deps.topology.topology.sites.map(async (site) => {
        const o = await observeSite(site, { ...deps, policy: deps.settings.policy }, snapshot);
        return { name: site.name, localName: localSiteName(site, ctx.lang), phase: derivePhase(o), usersOnOcs: o.onOcs.users, usersOnLync: o.onLync.users };
      }),
    );
    return [{ card: siteListCard(rows, ctx.lang) }];
  },
};
