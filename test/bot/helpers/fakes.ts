// Fakes for the bot host tests: a recording Conversation, a Directory with a switchable outage,
// the Store subset bot/ touches (in memory, with eTag semantics), and activity factories.
import sinon from 'sinon';
import type { AdaptiveCard, CardActionResult, CardActionTurn, Conversation, Language, MessageTurn, Reply } from '../../../dialogs/types';
import type { CardRef, Job, JobItem, Proposal } from '../../../migration/model';
import type { Directory, DirectoryUser, StoredState } from '../../../migration/ports';
import { LyncOpsError } from '../../../migration/errors';

export function card(title: string): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title, wrap: true }] };
}

export class FakeConversation implements Conversation {
  readonly messages: MessageTurn[] = [];
  readonly actions: CardActionTurn[] = [];
  replyWith: (turn: MessageTurn) => Reply[] = (turn) => [{ text: `echo: ${turn.text}`, card: card(`echo ${turn.text}`) }];
  actWith: (turn: CardActionTurn) => Promise<CardActionResult> | CardActionResult = () => ({ card: card('clicked') });
  jobCards = new Map<string, AdaptiveCard>();
  readonly jobCard = sinon.spy(async (jobId: string, _language: Language) => this.jobCards.get(jobId) ?? card(`job ${jobId}`));
  readonly moveNotice = sinon.spy((job: Job, item: Pick<JobItem, 'key' | 'toPool'>, language: Language): Reply => ({
    text: language === 'de' ? `Sie wurden verschoben (${item.key}, Job ${job.id})` : `You were moved (${item.key}, job ${job.id})`,
  }));

  async onMessage(turn: MessageTurn): Promise<Reply[]> {
    this.messages.push(turn);
    return this.replyWith(turn);
  }
  async onCardAction(turn: CardActionTurn): Promise<CardActionResult> {
    this.actions.push(turn);
    return this.actWith(turn);
  }
  readonly welcomes: Array<Omit<MessageTurn, 'text' | 'timeZone'>> = [];
  async welcome(turn: Omit<MessageTurn, 'text' | 'timeZone'>): Promise<Reply[]> {
    this.welcomes.push(turn);
    return [{ text: `welcome ${turn.actor.name}` }];
  }
  languageOf(text: string, locale?: string): Language {
    if (/\b(hilfe|verschiebe|status von|standort)\b/i.test(text)) return 'de';
    return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
  }
}

export const ALEX: DirectoryUser = { aadObjectId: '00000000-0000-0000-0000-0000000000020', displayName: 'Alex Wilber', sip: 'alex.wilber@contoso.com' };
export const ALICE: DirectoryUser = { aadObjectId: '11111111-0000-0000-0000-000000000001', displayName: 'Alice Schulz', sip: 'alice@contoso.com' };

export class FakeDirectory implements Directory {
  down = false;
  readonly lookups: string[] = [];
  constructor(private readonly people: Array<DirectoryUser & { role: 'admin' | 'helpdesk' | 'user' }> = [{ ...ALEX, role: 'admin' }, { ...ALICE, role: 'user' }]) {}
  async userByAadObjectId(id: string) {
    this.lookups.push(id);
    if (this.down) throw new LyncOpsError('DIRECTORY_UNAVAILABLE');
    const person = this.people.find((p) => p.aadObjectId === id);
    if (!person) return null;
    const { role: _role, ...user } = person;
    return user;
  }
  async roleOf(user: DirectoryUser) {
    return this.people.find((p) => p.aadObjectId === user.aadObjectId)?.role ?? 'user';
  }
  async groupByName() {
    return null;
  }
  async transitiveMembers() {
    return [];
  }
  async isMember() {
    return false;
  }
}

/** The Store methods bot/ uses, in memory; state writes follow the eTag contract. */
export class MemoryBotStore {
  readonly refs = new Map<string, Record<string, unknown>>();
  readonly proposalCards = new Map<string, CardRef>();
  readonly jobCards = new Map<string, CardRef>();
  readonly jobs = new Map<string, Job>();
  readonly proposals = new Map<string, Proposal>();
  private readonly state = new Map<string, StoredState>();
  private version = 0;

  async saveConversationRef(key: string, ref: Record<string, unknown>) {
    this.refs.set(key, ref);
  }
  async getConversationRef(key: string) {
    return this.refs.get(key) ?? null;
  }
  async setProposalCard(id: string, ref: CardRef) {
    this.proposalCards.set(id, ref);
  }
  async setJobCard(id: string, ref: CardRef) {
    this.jobCards.set(id, ref);
  }
  async getJob(id: string) {
    return this.jobs.get(id) ?? null;
  }
  async getProposal(id: string) {
    return this.proposals.get(id) ?? null;
  }
  async readState(keys: string[]) {
    return keys.flatMap((k) => (this.state.has(k) ? [structuredClone(this.state.get(k)!)] : []));
  }
  async writeState(changes: Array<{ key: string; value: unknown; eTag?: string }>) {
    for (const c of changes) {
      const current = this.state.get(c.key);
      // As the store: a key not written yet takes any eTag; an existing one needs its own (or '*').
      if (current && c.eTag !== undefined && c.eTag !== '*' && c.eTag !== current.eTag) throw new Error(`eTag conflict on ${c.key}`);
    }
    for (const c of changes) this.state.set(c.key, { key: c.key, value: structuredClone(c.value), eTag: String(++this.version) });
  }
  async deleteState(keys: string[]) {
    for (const k of keys) this.state.delete(k);
  }
}

let serial = 0;
export function messageActivity(text: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  serial++;
  return {
    type: 'message',
    id: `activity-${serial}`,
    ...(text !== undefined ? { text } : {}),
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    locale: 'en-US',
    conversation: { id: 'conversation-1', conversationType: 'personal' },
    from: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: ALEX.aadObjectId },
    recipient: { id: 'bot-id', name: 'LyncOps' },
    ...extra,
  };
}

export function invokeActivity(value: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...messageActivity(undefined, extra), type: 'invoke', name: 'adaptiveCard/action', value, replyToId: 'card-activity-1', ...extra };
}

export function job(overrides: Partial<Job> = {}): Job {
  return {
    id: '7',
    proposalId: '3',
    operation: 'move',
    subject: { kind: 'group', name: 'Pilot' },
    sites: ['Berlin'],
    siteWide: false,
    forced: false,
    state: 'running',
    requestedBy: { id: ALEX.aadObjectId, name: 'Alex Wilber', role: 'admin' },
    approvedBy: [],
    locale: 'en-US',
    createdAt: 0,
    totalItems: 10,
    ...overrides,
  };
}

export function userItem(sip: string, overrides: Partial<JobItem> = {}): JobItem {
  return {
    id: 1,
    jobId: '7',
    seq: 1,
    kind: 'user',
    key: sip,
    label: sip,
    site: 'Berlin',
    fromPool: 'ocs-ber.contoso.local',
    toPool: 'lync-ber.contoso.local',
    state: 'done',
    attempts: 1,
    notBefore: 0,
    updatedAt: 0,
    ...overrides,
  };
}
