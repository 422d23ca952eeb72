// decommission through botbuilder's TestAdapter and the real bot and job runner: plan card ->
// Confirm -> queued card -> final card, and no job from a what-if, refusals, expiry or a second click.
import { flowTests } from './helpers';

describe('dialogs/commands/decommission', () => {
  flowTests('decommission');
});
