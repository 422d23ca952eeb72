// The first words a person gets: on install, when the bot joins a team, and in answer to "hi".
// Short, in the person's language and fitting their role: admins get where the sites stand in
// one line and three commands to type, the helpdesk what it can look up, a pilot user how to ask
// whether they have been moved.
import { derivePhase, observeSite, takeSnapshot, type Phase } from '../migration/phases';
import { localSiteName } from '../migration/topology';
import type { TurnContext } from './context';
import { escapeMarkdown } from './escape';

const SETTLED: ReadonlySet<Phase> = new Set<Phase>(['migrated', 'decommissioned']);

/** "Berlin side-by-side · Munich pilot · …", and the first site with work left (for the commands). */
async function standing(ctx: TurnContext): Promise<{ line: string; site: string }> {
  const { deps, t } = ctx;
  const snapshot = await takeSnapshot(deps.backend);
  const sites = await Promise.all(
    deps.topology.topology.sites.map(async (site) => ({ name: localSiteName(site, ctx.lang), phase: derivePhase(await observeSite(site, { ...deps, policy: deps.settings.policy }, snapshot)) })),
  );
  const line = sites.map((s) => t.welcome.siteAt(escapeMarkdown(s.name), t.welcome.phaseShort[s.phase])).join(' · ');
  const open = sites.find((s) => !SETTLED.has(s.phase)) ?? sites[0];
  return { line, site: open?.name ?? 'Berlin' };
}

/** The welcome for the caller's role, as one text reply. */
export async function welcomeText(ctx: TurnContext): Promise<string> {
  const { t, actor } = ctx;
  const first = (actor.name ?? '').trim().split(/\s+/)[0] ?? '';
  const hello = t.welcome.hello(first && first !== 'unknown' ? escapeMarkdown(first) : '');
  switch (actor.role) {
    case 'admin': {
      let known: { line: string; site: string };
      try {
        known = await standing(ctx);
      } catch (e) {
        // The backend did not answer: the welcome still goes out, without where things stand.
        ctx.deps.logger.warn({ err: e instanceof Error ? e.message : String(e), correlationId: ctx.turn.correlationId }, 'welcome without the site overview');
        return [hello, t.welcome.again].join('\n\n');
      }
      return [hello, t.welcome.standing(known.line), t.welcome.tryThese(t.welcome.adminCommands(escapeMarkdown(known.site)))].join('\n\n');
    }
    case 'helpdesk':
      return [hello, t.welcome.helpdesk, t.welcome.tryThese(t.welcome.helpdeskCommands)].join('\n\n');
    default:
      return [hello, t.welcome.user, t.welcome.again].join('\n\n');
  }
}
