// The Adaptive Card 1.5 elements lyncops uses, as types (type aliases, so a card is still plain
// JSON to code that reads it as a record): one per element, after the cards package
// of microsoft/teams.ts. Builders in this folder return these, so the compiler checks a misspelt
// property, a wrong enum value or a button without data before Teams would silently drop it.
import type { ActionData } from '../actions/schema';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
export type ActionStyle = 'default' | 'positive' | 'destructive';

export type TextBlock = {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'Bolder' | 'Default' | 'Lighter';
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: Spacing;
  separator?: boolean;
};

export type FactSet = {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
};

export type Container = {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
};

export type TextInput = {
  type: 'Input.Text';
  /** The key the typed value arrives under in the action's data. */
  id: string;
  placeholder?: string;
  maxLength?: number;
  isMultiline?: boolean;
  spacing?: Spacing;
};

export type ActionSet = {
  type: 'ActionSet';
  actions: CardAction[];
};

export type CardElement = TextBlock | FactSet | Container | TextInput | ActionSet;

/** Older clients' button: posts the data as a message activity. */
export type SubmitAction = {
  type: 'Action.Submit';
  title: string;
  data: ActionData;
  style?: ActionStyle;
};

/** Universal Actions: an invoke with a verb; the answer replaces the card. */
export type ExecuteAction = {
  type: 'Action.Execute';
  title: string;
  verb: ActionData['verb'];
  data: ActionData;
  style?: ActionStyle;
  fallback?: SubmitAction;
};

/** Opens a link in the browser; no bot round trip. */
export type OpenUrlAction = {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
};

export type CardAction = ExecuteAction | SubmitAction | OpenUrlAction;

/** Per-user refresh: the listed users' clients ask for their own view of the card. */
export type CardRefresh = {
  action: ExecuteAction;
  /** At most 60 AAD object ids (Teams' limit). */
  userIds: string[];
};

/** Adaptive Card JSON (version 1.5). */
export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema?: string;
  version: string;
  body: CardElement[];
  actions?: CardAction[];
  refresh?: CardRefresh;
  msteams?: { width?: 'Full' };
};
