// The recognition rules, did-you-mean hints and timing of every command, composed once from the
// command registry (each spec states its own; dialogs/recognizer/rules.ts says how they combine).
import { REGISTRY } from '../registry';
import { composeRules } from './rules';

export const RULES = composeRules(REGISTRY);
