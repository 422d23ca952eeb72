// coexistenceTest through botbuilder's TestAdapter and the real bot and job runner: plan card ->
// Confirm -> queued card -> final card, and no second job from refusals, expiry or double clicks.
import { flowTests } from './helpers';

describe('dialogs/commands/coexistence-test', () => {
  flowTests('coexistence-test');
});
