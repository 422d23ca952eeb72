// botbuilder Storage over the lyncops Store (readState/writeState/deleteState), so bot state
// such as UserState lives in the shared database and no replica keeps it in memory. eTags give
// optimistic concurrency: a write carrying a stale eTag fails instead of overwriting.
import type { Storage, StoreItems, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { BotStateStorage } from '../migration/store';
import type { Language } from '../dialogs/types';

const KeysSchema = z.array(z.string().min(1).max(1024));
const ItemSchema = z.record(z.string(), z.unknown());

export class StoreStorage implements Storage {
  constructor(private readonly store: BotStateStorage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const valid = KeysSchema.parse(keys);
    if (!valid.length) return {};
    const items: StoreItems = {};
    for (const state of await this.store.readState(valid)) {
      const value = ItemSchema.safeParse(state.value);
      items[state.key] = { ...(value.success ? value.data : { value: state.value }), eTag: state.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes ?? {});
    if (!entries.length) return;
    KeysSchema.parse(entries.map(([key]) => key));
    await this.store.writeState(
      entries.map(([key, item]) => {
        const { eTag, ...value } = ItemSchema.parse(item);
        return { key, value, eTag: typeof eTag === 'string' ? eTag : undefined };
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    const valid = KeysSchema.parse(keys);
    if (valid.length) await this.store.deleteState(valid);
  }
}

/** Name of the UserState property holding the language a user last wrote in. */
export const LANGUAGE_PROPERTY = 'language';

/**
 * The per-user preferences the bot keeps, in UserState's layout (key "<channelId>/users/<userId>/",
 * one property per preference) but without UserState's per-turn machinery: remembering the
 * language is one read and, only when it changed, one write carrying the eTag that was read.
 */
export class UserPreferences {
  constructor(private readonly storage: Storage) {}

  async rememberLanguage(context: TurnContext, language: Language): Promise<void> {
    const { channelId, from } = context.activity;
    if (!channelId || !from?.id) throw new Error('user preferences: channelId or from.id missing from the activity');
    const key = userStateKey(channelId, from.id);
    const stored = (await this.storage.read([key]))[key];
    if (stored?.[LANGUAGE_PROPERTY] === language) return;
    await this.storage.write({ [key]: { ...stored, [LANGUAGE_PROPERTY]: language } });
  }

  /**
   * The language a user last wrote in, read outside a turn (for proactive notices). The key is the
   * one UserState builds: "<channelId>/users/<userId>/" (empty namespace).
   */
  async languageOf(channelId: string, userId: string): Promise<Language | undefined> {
    const key = userStateKey(channelId, userId);
    const items = await this.storage.read([key]);
    const parsed = z.object({ [LANGUAGE_PROPERTY]: z.enum(['en', 'de']) }).safeParse(items[key]);
    return parsed.success ? parsed.data[LANGUAGE_PROPERTY] : undefined;
  }
}

export function userStateKey(channelId: string, userId: string): string {
  return `${channelId}/users/${userId}/`;
}

/** Key of the job ids whose posted card may show an older state than the job's. */
export const PENDING_CARD_UPDATES_KEY = 'lyncops/pending-card-updates';
/** Key of the move notices ("<job id> <user> <pool>") not yet delivered. */
export const PENDING_MOVE_NOTICES_KEY = 'lyncops/pending-move-notices';
const PendingSchema = z.object({ jobs: z.array(z.string().min(1).max(200)).max(10_000) });
const MAX_WRITE_TRIES = 5;

/**
 * The durable list of job cards still to be brought up to date: a job's final card is listed
 * before it is sent and unlisted once Teams has it, and shutdown lists every card whose update it
 * cut short. The next start (of any replica) sends those cards. One state entry, changed with
 * read-modify-write under its eTag, so replicas sharing a store never lose each other's entries.
 */
export class PendingCardUpdates {
  constructor(
    private readonly storage: Storage,
    private readonly key: string = PENDING_CARD_UPDATES_KEY,
  ) {}

  async list(): Promise<string[]> {
    return (await this.read()).jobs;
  }

  add(jobIds: readonly string[]): Promise<void> {
    return this.change((jobs) => [...new Set([...jobs, ...jobIds])]);
  }

  remove(jobIds: readonly string[]): Promise<void> {
    const gone = new Set(jobIds);
    return this.change((jobs) => jobs.filter((id) => !gone.has(id)));
  }

  private async read(): Promise<{ jobs: string[]; eTag?: string }> {
    const item = (await this.storage.read([this.key]))[this.key];
    const parsed = PendingSchema.safeParse(item);
    return { jobs: parsed.success ? parsed.data.jobs : [], eTag: typeof item?.eTag === 'string' ? item.eTag : undefined };
  }

  private async change(update: (jobs: string[]) => string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { jobs, eTag } = await this.read();
      const next = update(jobs);
      if (next.length === jobs.length && next.every((id, i) => id === jobs[i])) return;
      try {
        // A first write carries no eTag the store knows; '*' would overwrite a concurrent first write.
        await this.storage.write({ [this.key]: { jobs: next, eTag: eTag ?? 'new' } });
        return;
      } catch (error) {
        if (attempt >= MAX_WRITE_TRIES) throw error;
      }
    }
  }
}

/**
 * The personal "you were moved" notices not yet delivered: listed before the first try and
 * unlisted once Teams has one (or the user cannot be reached); a shutdown leaves the rest for the
 * next start, as PendingCardUpdates does for cards. Entries are "<job id> <user> <target pool>".
 */
export class PendingMoveNotices extends PendingCardUpdates {
  constructor(storage: Storage) {
    super(storage, PENDING_MOVE_NOTICES_KEY);
  }
}

const WELCOMED_PREFIX = 'lyncops/welcomed/';
const WelcomedSchema = z.object({ at: z.number() });

/**
 * Conversations the bot has already welcomed. Teams announces one installation several times
 * (installationUpdate and conversationUpdate, and re-delivers activities it is unsure about); the
 * first claim wins, the others find the mark and stay quiet. An uninstall forgets the mark, so a
 * later install is welcomed again.
 */
export class WelcomedConversations {
  constructor(private readonly storage: Storage) {}

  /** True exactly once per conversation (until forgotten). */
  async claim(conversationId: string, at: number): Promise<boolean> {
    const key = welcomedKey(conversationId);
    const existing = (await this.storage.read([key]))[key];
    if (WelcomedSchema.safeParse(existing).success) return false;
    try {
      // 'new' is no eTag the store knows: of two first claims at once, the second write fails.
      await this.storage.write({ [key]: { at, eTag: 'new' } });
      return true;
    } catch {
      return false;
    }
  }

  async forget(conversationId: string): Promise<void> {
    await this.storage.delete([welcomedKey(conversationId)]);
  }
}

function welcomedKey(conversationId: string): string {
  return `${WELCOMED_PREFIX}${conversationId.slice(0, 900)}`;
}
