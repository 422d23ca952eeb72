// The plan card in its forms: confirmation (with Confirm/Cancel), dry run (no buttons), blocked
// (led by the reasons and the next step) and nothing to do (everyone is already there, and what
// to do next), plus the cards a proposal shows after a click.
import { summarisePlan, type GateResult, type Plan, type PlanSummary, type Proposal } from '../../migration/model';
import { escapeMarkdown } from '../escape';
import { formatDateTime, formatNumber, reasonText, texts } from '../i18n';
import type { AdaptiveCard, Language } from '../types';
import type { MaintenanceWindows } from '../../migration/schedule/windows';
import { fqdnKey } from '../../migration/topology';
import { forcedThroughWindows, plannedFacts, windowFacts } from '../schedule';
import { asGiven, bullets, button, card, container, facts, firstNames, heading, text, type SiteName } from './elements';
import type { CardAction, CardElement } from './adaptive';

const NAMES_SHOWN = 10;

export type PlanMode = 'confirm' | 'dryRun' | 'blocked' | 'nothingToDo';

function gateLines(gates: GateResult[], lang: Language, siteName: SiteName): string[] {
  const t = texts(lang);
  return gates.map((g) =>
    g.passed
      ? `✓ ${siteName(g.site)}: ${t.gatePassed[g.gate]}`
      : `${g.warning ? '⚠' : '✗'} ${t.gate[g.gate].failed(siteName(g.site), Number(g.detail?.count ?? 0), g.detail ?? {})} ${t.gate[g.gate].next(siteName(g.site))}`,
  );
}

/** "site München", "group Pilot", "user carol@…" for the reader. */
function subjectText(lang: Language, subject: { kind: PlanSummary['subject']['kind']; name: string }, siteName: SiteName): string {
  return texts(lang).subject(subject.kind, escapeMarkdown(subject.kind === 'site' ? siteName(subject.name) : subject.name));
}

/** Maintenance windows of the deployment and the time the card is drawn (windows shown only when given). */
export interface PlanWindows {
  windows?: MaintenanceWindows;
  now: number;
}

function planBody(plan: PlanSummary, lang: Language, w: PlanWindows | undefined, siteName: SiteName): CardElement[] {
  const t = texts(lang);
  const kinds = plan.itemKinds;
  // A group is shown with its object id: several groups may share a display name.
  const what = `${subjectText(lang, plan.subject, siteName)}${plan.subject.id ? ` (${escapeMarkdown(plan.subject.id)})` : ''}`;
  const body: CardElement[] = [
    facts([
      [t.plan.what, what],
      [t.plan.count, `${formatNumber(plan.itemCount, lang)} ${kinds.map((k) => t.itemKind[k]).join(', ') || t.itemKind.user}`],
      // Only real moves between two pools: checks and a pool's retirement have no "from → to".
      ...plan.flows
        .filter((f) => plan.operation !== 'coexistenceTest' && plan.operation !== 'decommission' && fqdnKey(f.fromPool) !== fqdnKey(f.toPool))
        .map((f): [string, string] => [`${t.plan.from} → ${t.plan.to}`, `${f.fromPool} → ${f.toPool} (${formatNumber(f.count, lang)})`]),
      ...(plan.alreadyThere ? ([[t.plan.alreadyThere, formatNumber(plan.alreadyThere, lang)]] as Array<[string, string]>) : []),
      ...plannedFacts(plan.schedule, plan.itemCount, lang),
      ...(w ? windowFacts(w.windows, plan.sites, plan.forced, plan.schedule?.startAt ?? w.now, lang, siteName) : []),
    ]),
  ];
  if (plan.parts?.length) {
    const lines = plan.parts.map((p) => {
      const what = subjectText(lang, p.subject, siteName);
      if (p.unresolved && p.items + p.alreadyThere === 0) return `${what}: ${t.plan.part.notFound}`;
      const counts = t.plan.part.counts(formatNumber(p.items, lang), formatNumber(p.alreadyThere, lang));
      return `${what}: ${counts}${p.blocked ? ` (${t.plan.part.blocked})` : ''}`;
    });
    body.push(bullets(lines));
  }
  const overridden = w ? forcedThroughWindows(w.windows, plan.sites, plan.forced, plan.schedule?.startAt ?? w.now) : [];
  if (overridden.length) body.push(container(overridden.map((site) => text(`⚠ ${t.schedule.forcedWindow(siteName(site))}`, { weight: 'Bolder', color: 'Attention' })), 'attention'));
  if (plan.itemCount && plan.operation !== 'coexistenceTest') {
    const preview = plan.previewItems.slice(0, NAMES_SHOWN);
    // Two people with one display name are told apart by their address.
    const seen = new Map<string, number>();
    for (const i of preview) seen.set(i.label, (seen.get(i.label) ?? 0) + 1);
    const shown = preview.map((i) => escapeMarkdown((seen.get(i.label) ?? 0) > 1 && i.key !== i.label ? `${i.label} (${i.key})` : i.label)).join(', ');
    const more = plan.itemCount - Math.min(NAMES_SHOWN, plan.previewItems.length);
    const label = plan.operation === 'decommission' ? t.plan.toRetire : t.plan.toMove;
    body.push(text(`${label}: ${more > 0 ? `${shown} ${t.common.more(more)}` : shown}`, { isSubtle: true, size: 'Small' }));
  }
  if (plan.operation === 'coexistenceTest') body.push(bullets(plan.previewItems.map((i) => t.check[i.key as keyof typeof t.check] ?? i.key)));
  if (plan.unresolved.length) body.push(text(`${t.plan.notFound}: ${firstNames(plan.unresolved.map(escapeMarkdown), NAMES_SHOWN, t.common.more)}`, { color: 'Warning' }));
  if (plan.skipped.length) {
    const reasons = plan.skipped.map((s) => `${escapeMarkdown(s.key)} (${reasonText(t, s.reason)})`);
    body.push(text(`${t.plan.willNotMove}: ${firstNames(reasons, NAMES_SHOWN, t.common.more)}`, { color: 'Warning', size: 'Small' }));
  }
  if (plan.gates.length) body.push(text(t.plan.gates, { weight: 'Bolder', spacing: 'Medium' }), bullets(gateLines(plan.gates, lang, siteName)));
  if (plan.forced && plan.gates.some((g) => !g.passed)) {
    body.push(container([text(`⚠ ${t.common.forced}`, { weight: 'Bolder', color: 'Attention' })], 'attention'));
  }
  if (plan.caveats.length) body.push(text(t.plan.warnings, { weight: 'Bolder', spacing: 'Medium' }), bullets(plan.caveats.map((c) => t.caveat[c])));
  return body;
}

/** A fresh plan (still holding its items) or a stored proposal's summary of one. */
export function planCard(input: Plan | PlanSummary, mode: PlanMode, lang: Language, proposal?: Proposal, windows?: PlanWindows, siteName: SiteName = asGiven): AdaptiveCard {
  const plan = 'items' in input ? summarisePlan(input) : input;
  const t = texts(lang);
  const op = t.operation[plan.operation];
  const title = { confirm: t.plan.confirmTitle(op), dryRun: t.plan.dryRunTitle(op), blocked: t.plan.blockedTitle(op), nothingToDo: t.plan.nothingToDoTitle(op) }[mode];
  const body: CardElement[] = [heading(title, mode === 'blocked' ? 'Attention' : mode === 'nothingToDo' ? 'Good' : undefined)];
  if (mode === 'blocked') {
    // The reasons and what to do about them come first; the plan's details follow.
    const failed = plan.gates.filter((g) => !g.passed);
    body.push(text(failed.map((g) => t.gate[g.gate].failed(siteName(g.site), Number(g.detail?.count ?? 0), g.detail ?? {})).join(' '), { color: 'Attention', weight: 'Bolder' }));
    body.push(text([...new Set(failed.map((g) => t.gate[g.gate].next(siteName(g.site))))].join(' ')));
    if (failed.some((g) => g.forcable)) body.push(text(t.plan.forceHint, { isSubtle: true, size: 'Small' }));
  }
  if (mode === 'nothingToDo') {
    body.push(text(t.plan.allAlreadyThere(formatNumber(plan.alreadyThere, lang), plan.operation === 'rollback'), { weight: 'Bolder' }));
    if (plan.sites[0]) body.push(text(t.plan.nextStepIs(t.phrase.siteStatus(siteName(plan.sites[0])))));
  }
  body.push(...planBody(plan, lang, windows, siteName));
  if (mode === 'dryRun') body.push(text(t.plan.dryRunNote, { isSubtle: true }));
  if (mode === 'confirm' && plan.itemCount === 0) body.push(text(t.plan.nothingToDo, { color: 'Good' }));
  const actions: CardAction[] = [];
  if (mode === 'confirm' && proposal) {
    body.push(
      facts([
        [t.plan.requestedBy, proposal.requestedBy.name],
        [t.plan.expires, formatDateTime(proposal.expiresAt, lang)],
      ]),
      text(t.common.typedTwin(`${t.plan.twinConfirm(proposal.id)} / ${t.plan.twinReject(proposal.id)}`), { isSubtle: true, size: 'Small' }),
    );
    actions.push(
      button(t.plan.confirmButton, { verb: 'proposal.confirm', proposalId: proposal.id, lang }, plan.forced ? 'destructive' : 'positive'),
      button(t.plan.cancelButton, { verb: 'proposal.cancel', proposalId: proposal.id, lang }),
    );
  }
  return card(body, actions);
}

/** What a proposal shows once it can no longer be confirmed (expired, cancelled) or awaits a second admin. */
export function proposalStateCard(proposal: Proposal, state: 'expired' | 'cancelled' | 'awaitingSecond', lang: Language, note?: string, siteName: SiteName = asGiven): AdaptiveCard {
  const t = texts(lang);
  const op = t.operation[proposal.plan.operation];
  const title = state === 'expired' ? t.plan.expiredTitle : state === 'cancelled' ? t.plan.cancelledTitle : t.plan.awaitingSecondTitle;
  const body: CardElement[] = [
    heading(title, state === 'awaitingSecond' ? 'Warning' : undefined),
    text(`${op}: ${subjectText(lang, proposal.plan.subject, siteName)} (${formatNumber(proposal.plan.itemCount, lang)})`),
  ];
  if (note) body.push(text(note));
  if (state === 'expired') body.push(text(t.plan.expired, { isSubtle: true }));
  if (state === 'cancelled' && proposal.cancelledBy) body.push(text(t.plan.cancelledBy(proposal.cancelledBy.name), { isSubtle: true }));
  const actions =
    state === 'awaitingSecond'
      ? [
          button(t.plan.confirmButton, { verb: 'proposal.confirm', proposalId: proposal.id, lang }, 'positive'),
          button(t.plan.cancelButton, { verb: 'proposal.cancel', proposalId: proposal.id, lang }),
        ]
      : [];
  if (state === 'awaitingSecond') body.push(text(t.common.typedTwin(t.plan.twinConfirm(proposal.id)), { isSubtle: true, size: 'Small' }));
  return card(body, actions);
}
