// Typed Adaptive Card 1.5 elements. Builders are pure functions: data in, card JSON out.
import type { AdaptiveCard } from '../types';
import type { ActionData } from '../actions/schema';

export interface TextOptions {
  weight?: 'Bolder' | 'Default' | 'Lighter';
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  color?: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Medium' | 'Large';
  separator?: boolean;
}

const MARKDOWN = /[\\`*_[\]~]/g;
const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;

/** A value from outside (a typed text, a display name) shown literally: no emphasis, links or extra lines. */
export function plain(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(MARKDOWN, (c) => `\\${c}`);
}

export function text(value: string, options: TextOptions = {}): Record<string, unknown> {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function heading(value: string, color?: TextOptions['color']): Record<string, unknown> {
  return text(value, { weight: 'Bolder', size: 'Medium', ...(color ? { color } : {}) });
}

export function facts(pairs: Array<[string, string]>): Record<string, unknown> {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function container(items: unknown[], style?: 'emphasis' | 'good' | 'attention' | 'warning' | 'accent'): Record<string, unknown> {
  return { type: 'Container', items, ...(style ? { style } : {}) };
}

export function bullets(lines: string[]): Record<string, unknown> {
  return text(lines.map((l) => `- ${l}`).join('\n'));
}

/**
 * A button: Action.Execute (Universal Actions, updates the card in place) with an
 * Action.Submit fallback for clients without Universal Actions; both carry the same data.
 */
export function button(title: string, data: ActionData, style?: 'positive' | 'destructive'): Record<string, unknown> {
  return {
    type: 'Action.Execute',
    title,
    verb: data.verb,
    data,
    ...(style ? { style } : {}),
    fallback: { type: 'Action.Submit', title, data, ...(style ? { style } : {}) },
  };
}

export function card(body: unknown[], actions: unknown[] = [], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
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

/** The first `max` names and "+N more", so a 10,000-user plan still renders a small card. */
export function firstNames(names: string[], max: number, more: (n: number) => string): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} ${more(names.length - max)}` : shown;
}
