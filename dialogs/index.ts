// Conversation logic for lyncops, free of any Bot Framework type: bot/ feeds it plain turns.
export { createConversation } from './conversation';
export { REGISTRY, commandFor } from './registry';
export { commandMenu } from './menu';
export { MAX_INPUT_CHARS } from './recognizer';
export type * from './types';
