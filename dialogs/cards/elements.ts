// Small builders of the typed Adaptive Card 1.5 elements (cards/adaptive.ts). Builders are pure
// functions: data in, card JSON out.
import type { ActionData } from '../actions/schema';
import type { ActionSet, ActionStyle, AdaptiveCard, CardAction, CardElement, Container, ContainerStyle, ExecuteAction, FactSet, OpenUrlAction, TextBlock, TextInput } from './adaptive';

export type TextOptions = Omit<TextBlock, 'type' | 'text' | 'wrap'>;

/** A value from outside (a typed text, a display name) shown literally: no emphasis, links or extra lines. */
export { escapeMarkdown as plain } from '../escape';

/** How a card names a site for its reader ("München" in German); the data behind buttons keeps the site's own name. */
export type SiteName = (name: string) => string;
export const asGiven: SiteName = (name) => name;

export function text(value: string, options: TextOptions = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function heading(value: string, color?: TextOptions['color']): TextBlock {
  return text(value, { weight: 'Bolder', size: 'Medium', ...(color ? { color } : {}) });
}

export function facts(pairs: Array<[string, string]>): FactSet {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function container(items: CardElement[], style?: ContainerStyle): Container {
  return { type: 'Container', items, ...(style ? { style } : {}) };
}

export function bullets(lines: string[]): TextBlock {
  return text(lines.map((l) => `- ${l}`).join('\n'));
}

/**
 * A button: Action.Execute (Universal Actions, updates the card in place) with an
 * Action.Submit fallback for clients without Universal Actions; both carry the same data.
 */
export function button(title: string, data: ActionData, style?: Exclude<ActionStyle, 'default'>): ExecuteAction {
  return {
    type: 'Action.Execute',
    title,
    verb: data.verb,
    data,
    ...(style ? { style } : {}),
    fallback: { type: 'Action.Submit', title, data, ...(style ? { style } : {}) },
  };
}

export function openUrl(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

export function card(body: CardElement[], actions: CardAction[] = [], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
    ...extra,
  };
}

/** A text field whose value arrives in the data of the card's buttons under `id`. */
export function textInput(id: string, options: Omit<TextInput, 'type' | 'id'> = {}): TextInput {
  return { type: 'Input.Text', id, ...options };
}

export function actionSet(actions: CardAction[]): ActionSet {
  return { type: 'ActionSet', actions };
}

/** The first `max` names and "+N more", so a 10,000-user plan still renders a small card. */
export function firstNames(names: string[], max: number, more: (n: number) => string): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} ${more(names.length - max)}` : shown;
}
