// groupMembers: who is in a group and where each member is homed ("who is in the pilot group?",
// "members of Sales Berlin", "status of group Finance", "wer ist in der Pilotgruppe?"): the directory's transitive members,
// each with the pool the backend lists them on, counted by version. Staff only: it names people.
import { z } from 'zod';
import type { LyncPoolInfo } from '../../migration/model';
import { bullets, card, facts, heading, plain, text } from '../cards/elements';
import { STAFF, type CommandSpec } from '../context';
import { commandExtras, type Command } from '../contract';
import { formatNumber } from '../i18n';
import { opensWithOrder } from '../recognizer/questions';
import { has, type Slots } from '../recognizer/subjects';
import { unresolvedGroupReply } from '../unresolved';

const schema = z.object({ intent: z.literal('groupMembers'), group: z.string().min(1).max(256), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    groupMembers: typeof schema;
  }
}

/** Members named on the card; the counts cover all of them. */
const SHOWN = 25;

/** A question about a group's people, never an order: "who is in …", "members of …", "Mitglieder von …". */
function membersAsked(s: Slots): Command | undefined {
  if (opensWithOrder(s) || has(s, 'move', 'moved', 'rollback', 'decommission', 'coex', 'job', 'history', 'failed', 'left', 'dryRun')) return undefined;
  // A group has no status of its own: its status is where its members are. A group named on its
  // own ("Pilotbenutzer", "Sales Berlin?") or listed ("list pilot users") asks the same.
  const bare = s.tokens.every((t) => t.entity?.type === 'group' || t.kind === 'qmark' || t.concept === 'filler' || t.concept === 'word');
  if (!(has(s, 'who', 'user', 'status', 'list') || bare) || s.users.length) return undefined;
  const known = s.groups[0];
  if (known) return { intent: 'groupMembers', group: known };
  const typed = s.named.group;
  return typed ? { intent: 'groupMembers', group: typed.text, unresolved: [typed.text] } : undefined;
}

export const groupMembers: CommandSpec<'groupMembers'> = {
  intent: 'groupMembers',
  schema,
  order: 32,
  roles: STAFF,
  sideEffects: false,
  // Among the status questions, before "a group has no status of its own" (unknown, 1013).
  recognition: [{ priority: 1004, match: membersAsked }],
  hints: { group: 1, groupName: 1, user: 0 },
  menu: false,
  examples: { en: ['who is in the pilot group?', 'members of Sales Berlin'], de: ['wer ist in der Pilotgruppe?', 'Mitglieder von Sales Berlin'] },
  async handle(ctx, command) {
    const { deps, t, lang } = ctx;
    const group = await deps.directory.groupByName(command.group);
    if (!group) return unresolvedGroupReply(ctx, command.group);
    const [members, pools] = await Promise.all([deps.directory.transitiveMembers(group.id), deps.backend.listPools()]);
    // One listing per pool, as the planner does, instead of one lookup per member.
    const live = pools.filter((p) => !p.decommissioned);
    const listed = await Promise.all(live.map((p) => deps.backend.listUsers(p.fqdn)));
    const homes = new Map<string, LyncPoolInfo>();
    live.forEach((pool, i) => {
      for (const u of listed[i]) homes.set(u.sip.toLowerCase(), pool);
    });
    const rows = members
      .map((m) => ({ member: m, pool: m.sip ? homes.get(m.sip.toLowerCase()) : undefined }))
      .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName, lang) || (a.member.sip ?? '').localeCompare(b.member.sip ?? ''));
    const onLync = rows.filter((r) => r.pool?.version === 'Lync2013').length;
    const onOcs = rows.filter((r) => r.pool && r.pool.version !== 'Lync2013').length;
    const where = (pool: LyncPoolInfo | undefined) => (!pool ? t.groupMembers.notFound : pool.version === 'Lync2013' ? t.groupMembers.onLync(plain(pool.fqdn)) : t.groupMembers.onOcs(plain(pool.fqdn)));
    const lines = rows.slice(0, SHOWN).map(({ member, pool }) => `${plain(member.displayName)}${member.sip ? ` (${plain(member.sip)})` : ''} · ${where(pool)}`);
    const n = (value: number) => formatNumber(value, lang);
    return [
      {
        card: card([
          heading(t.groupMembers.title(plain(group.displayName), rows.length, n(rows.length))),
          facts([
            [t.groupMembers.onLyncLabel, n(onLync)],
            [t.groupMembers.onOcsLabel, n(onOcs)],
            [t.groupMembers.notFoundLabel, n(rows.length - onLync - onOcs)],
          ]),
          ...(lines.length ? [bullets(lines)] : []),
          ...(rows.length > SHOWN ? [text(t.groupMembers.more(n(rows.length - SHOWN)), { isSubtle: true, size: 'Small' })] : []),
        ]),
      },
    ];
  },
};
