// botbuilder Storage over the lyncops Store (readState/writeState/deleteState), so bot state
// such as UserState lives in the shared database and no replica keeps it in memory. eTags give
// optimistic concurrency: a write carrying a stale eTag fails instead of overwriting.
import type { Storage, StoreItems, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Store } from '../migration/ports';
import type { Language } from '../dialogs/types';

const KeysSchema = z.array(z.string().min(1).max(1024));
const ItemSchema = z.record(z.string(), z.unknown());

export class StoreStorage implements Storage {
  constructor(private readonly store: Pick<Store, 'readState' | 'writeState' | 'deleteState'>) {}

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
