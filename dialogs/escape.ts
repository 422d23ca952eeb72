// Escaping for values put into chat markdown and Adaptive Card TextBlocks: whatever a caller, the
// directory or a backend supplies is shown as the characters it is, never as formatting, a link,
// a list item or a new line.

/** Characters with a meaning in Teams markdown and the Adaptive Card markdown subset. */
const MARKDOWN = /[\\`*_[\]<>~|#]/g;
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One value as plain text inside markdown: one line, every markdown character escaped. */
export function escapeMarkdown(value: string): string {
  return value.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(MARKDOWN, (c) => `\\${c}`);
}
