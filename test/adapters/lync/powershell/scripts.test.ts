// Golden tests of the script text of every operation (test/fixtures/pwsh/golden/*.ps1), plus the
// guarantees around them: hostile input never yields a script, and every script is one statement
// the PowerShell-subset parser of the fake pwsh accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLyncOpsError } from '../../../../migration/errors';
import * as scripts from '../../../../adapters/lync/powershell/scripts';
import { listConferencingPoliciesScript, listDialPlansScript, listSitesScript } from '../../../../adapters/lync/powershell/migration-state';
import { listExUmContactsScript, moveExUmContactScript, moveResponseGroupsScript } from '../../../../adapters/lync/powershell/applications';
import { parseStatement } from '../../../fixtures/fake-pwsh-parser';
import { valuedParams } from '../../../fixtures/fake-pwsh-cmdlets';
import { GOLDEN_DIR } from './helpers';

const HOSTILE = "alice'; Remove-CsUser -Identity *; '";
const LYNC_BER = 'lync-ber.contoso.local';

const GOLDEN: Record<string, () => scripts.PsCommand> = {
  'list-pools': () => scripts.listPoolsScript(),
  'get-user': () => scripts.getUserScript('Alice@Contoso.com'),
  'get-user-apostrophe': () => scripts.getUserScript("sip:o'brien@contoso.com"),
  'list-users-ocs': () => scripts.listUsersScript('ocs-ber.contoso.local', true),
  'list-users-lync': () => scripts.listUsersScript(LYNC_BER, false),
  'count-users-by-pool': () => scripts.countUsersByPoolScript(),
  'move-legacy-user': () => scripts.moveLegacyUserScript('alice@contoso.com', LYNC_BER),
  'move-legacy-user-whatif': () => scripts.moveLegacyUserScript('alice@contoso.com', LYNC_BER, { whatIf: true }),
  'move-user': () => scripts.moveUserScript('alice@contoso.com', 'ocs-ber.contoso.local'),
  'ucs-rollback': () => scripts.ucsRollbackScript('bob@contoso.com'),
  'ucs-rollback-whatif': () => scripts.ucsRollbackScript('bob@contoso.com', { whatIf: true }),
  'list-conference-directories': () => scripts.listConferenceDirectoriesScript(),
  'move-conference-directory': () => scripts.moveConferenceDirectoryScript(3, 'lync-muc.contoso.local'),
  'list-application-endpoints': () => scripts.listApplicationEndpointsScript(),
  'move-application-endpoint': () => scripts.moveApplicationEndpointScript('rgs-ber-helpdesk@contoso.com', LYNC_BER),
  'get-service-status': () => scripts.getServiceStatusScript('lync-ber-fe01.contoso.local'),
  'get-replication-status': () => scripts.getReplicationStatusScript(),
  'test-registration': () => scripts.syntheticTestScript('registration', { targetFqdn: LYNC_BER, senderSip: 'test-ber-lync@contoso.com' }),
  'test-im': () => scripts.syntheticTestScript('im', { targetFqdn: LYNC_BER, senderSip: 'test-ber-ocs@contoso.com', receiverSip: 'test-ber-lync@contoso.com' }),
  'list-sites': () => listSitesScript(),
  'move-response-groups': () => moveResponseGroupsScript('ocs-ber.contoso.local', LYNC_BER),
  'list-exum-contacts': () => listExUmContactsScript(),
  'move-exum-contact': () => moveExUmContactScript('exum-aa-ber@contoso.com', LYNC_BER),
  'list-dial-plans': () => listDialPlansScript(),
  'list-conferencing-policies': () => listConferencingPoliciesScript(),
  'test-im-credentials': () => scripts.syntheticTestScript('im', { targetFqdn: LYNC_BER, senderSip: 'test-ber-ocs@contoso.com', receiverSip: 'test-ber-lync@contoso.com' }, { sender: 0, receiver: 1 }),
  'test-registration-credentials': () => scripts.syntheticTestScript('registration', { targetFqdn: LYNC_BER, senderSip: 'test-ber-ocs@contoso.com' }, { sender: 0 }),
  'test-presence': () => scripts.syntheticTestScript('presence', { targetFqdn: LYNC_BER, senderSip: 'test-ber-ocs@contoso.com', receiverSip: 'test-ber-lync@contoso.com' }),
};

function invalid(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => isLyncOpsError(e) && e.code === 'INVALID_INPUT');
}

describe('PowerShell scripts', () => {
  describe('golden text', () => {
    for (const [name, build] of Object.entries(GOLDEN)) {
      it(`${name} matches golden/${name}.ps1 and parses as one statement`, () => {
        const command = build();
        assert.equal(`${command.script}\n`, readFileSync(join(GOLDEN_DIR, `${name}.ps1`), 'utf8'));
        const statement = parseStatement(command.script, valuedParams);
        assert.equal(statement.pipeline[0].name, command.cmdlet);
      });
    }
  });

  it('projects every read to compressed JSON and leaves moves without output', () => {
    for (const build of Object.values(GOLDEN)) {
      const { cmdlet, script } = build();
      if (cmdlet.startsWith('Move-') || cmdlet === 'Invoke-CsUcsRollback') {
        assert.match(script, /-Confirm:\$false( -WhatIf)?$/);
        assert.doesNotMatch(script, /-Force|-IgnoreBackendStoreException|ConvertTo-Json/);
      } else {
        assert.match(script, /^@\(.* \| Select-Object .*\) \| ConvertTo-Json -Depth 4 -Compress$/);
      }
      assert.doesNotMatch(script, /"/, 'no expandable strings');
    }
  });

  it('turns hostile input into INVALID_INPUT in every builder, before any script exists', () => {
    invalid(() => scripts.getUserScript(HOSTILE));
    invalid(() => scripts.ucsRollbackScript(HOSTILE));
    invalid(() => scripts.listUsersScript(HOSTILE, true));
    invalid(() => scripts.moveLegacyUserScript(HOSTILE, LYNC_BER));
    invalid(() => scripts.moveLegacyUserScript('alice@contoso.com', `${LYNC_BER}'; Remove-CsUser -Identity *; '`));
    invalid(() => scripts.moveUserScript(HOSTILE, 'ocs-ber.contoso.local'));
    invalid(() => scripts.moveConferenceDirectoryScript('1; Remove-CsConferenceDirectory 1', LYNC_BER));
    invalid(() => scripts.moveApplicationEndpointScript(HOSTILE, LYNC_BER));
    invalid(() => scripts.getServiceStatusScript(HOSTILE));
    invalid(() => moveResponseGroupsScript(HOSTILE, LYNC_BER));
    invalid(() => moveExUmContactScript(HOSTILE, LYNC_BER));
    invalid(() => scripts.syntheticTestScript('im', { targetFqdn: LYNC_BER, senderSip: 'a@contoso.com', receiverSip: HOSTILE }));
    invalid(() => scripts.syntheticTestScript('im', { targetFqdn: LYNC_BER, senderSip: 'a@contoso.com' }));
    invalid(() => scripts.syntheticTestScript('Remove' as never, { targetFqdn: LYNC_BER, senderSip: 'a@contoso.com' }));
    invalid(() => scripts.moveUserScript('alice@contoso.com', 'ocs-ber.contoso.local', { whatIf: 'yes' } as never));
    invalid(() => scripts.moveUserScript('alice@contoso.com', 'ocs-ber.contoso.local', { force: true } as never));
  });
});
