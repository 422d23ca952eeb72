// Polite answers for names that do not resolve, with a did-you-mean from the topology.
import { suggestNames } from './recognizer/fuzzy';
import type { TurnContext } from './context';
import { escapeMarkdown } from './escape';
import type { Reply } from './types';

export function unresolvedSiteReply(ctx: TurnContext, name: string): Reply[] {
  const sites = ctx.deps.topology.topology.sites;
  const candidates = sites.flatMap((s) => [s.name, ...s.aliases]);
  const suggestion = suggestNames(name, candidates, 1)[0];
  const canonical = suggestion ? sites.find((s) => s.name === suggestion || s.aliases.includes(suggestion))?.name : undefined;
  return [{ text: ctx.t.unresolved.site(escapeMarkdown(name), sites.map((s) => escapeMarkdown(s.name)).join(', '), canonical && escapeMarkdown(canonical)) }];
}

export function unresolvedGroupReply(ctx: TurnContext, name: string): Reply[] {
  const groups = ctx.deps.topology.topology.groups;
  const suggestion = suggestNames(name, groups.flatMap((g) => [g.name, ...g.aliases]), 1)[0];
  const canonical = suggestion ? groups.find((g) => g.name === suggestion || g.aliases.includes(suggestion))?.name : undefined;
  return [{ text: ctx.t.unresolved.group(escapeMarkdown(name), canonical && escapeMarkdown(canonical)) }];
}

export function unresolvedUserReply(ctx: TurnContext, name: string): Reply[] {
  return [{ text: ctx.t.unresolved.user(escapeMarkdown(name)) }];
}
