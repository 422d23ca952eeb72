// psQuote and the input schemas: values from chat become single-quoted literals that PowerShell
// reads back as exactly the same text, and anything that is not a SIP address, FQDN or directory
// number is INVALID_INPUT before a script exists.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLyncOpsError } from '../../../../migration/errors';
import { checkInput, ConferenceDirectoryInput, FqdnInput, psQuote, quotedSip, SipInput } from '../../../../adapters/lync/powershell/quote';
import { tokenize } from '../../../fixtures/fake-pwsh-parser';

const HOSTILE = "alice'; Remove-CsUser -Identity *; '";

function invalid(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => isLyncOpsError(e) && e.code === 'INVALID_INPUT' && e.transient === false);
}

describe('psQuote', () => {
  const cases: Array<[string, string]> = [
    ['alice@contoso.com', "'alice@contoso.com'"],
    ["o'brien", "'o''brien'"],
    ["''", "''''''"],
    ['', "''"],
    ['$env:PATH `n $(Remove-CsUser)', "'$env:PATH `n $(Remove-CsUser)'"],
    ['\u2019smart\u2018', "'\u2019\u2019smart\u2018\u2018'"],
    ['\u201a\u201b', "'\u201a\u201a\u201b\u201b'"],
    [HOSTILE, "'alice''; Remove-CsUser -Identity *; '''"],
  ];
  for (const [input, expected] of cases) {
    it(`quotes ${JSON.stringify(input)}`, () => {
      assert.equal(psQuote(input), expected);
    });
  }

  it('is read back by the PowerShell tokenizer as one literal with the original text, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '\u2018', '\u2019', '\u201a', '\u201b', '"', '$', '`', ';', '|', ' ', '\n', '#', 'a', '(', ')', '{', '}') }), (value) => {
        assert.deepEqual(tokenize(psQuote(value)), [{ t: 'str', v: value }]);
      }),
      { numRuns: 500, seed: 2013 },
    );
  });

  it('keeps a hostile value inside the literal: the command still has one statement and one argument', () => {
    const tokens = tokenize(`Get-CsUser -Identity ${psQuote(HOSTILE)}`);
    assert.deepEqual(tokens, [
      { t: 'word', v: 'Get-CsUser' },
      { t: 'param', v: 'Identity' },
      { t: 'str', v: HOSTILE },
    ]);
  });
});

describe('input schemas', () => {
  it('normalises SIP addresses (case, sip: prefix, surrounding spaces)', () => {
    assert.equal(checkInput(SipInput, ' SIP:Alice@Contoso.COM ', 'sip'), 'alice@contoso.com');
    assert.equal(checkInput(SipInput, "o'brien@contoso.com", 'sip'), "o'brien@contoso.com");
    assert.equal(checkInput(SipInput, 'first.last+lync@sub.contoso.com', 'sip'), 'first.last+lync@sub.contoso.com');
  });

  const badSips = [HOSTILE, 'alice', '@contoso.com', 'alice@', 'alice@contoso', 'al ice@contoso.com', 'alice@contoso.com;x', 'alice$(x)@contoso.com', 'alice\n@contoso.com', 'a"b@contoso.com', 'alice@contoso..com', 'alice\u2019@contoso.com', `${'a'.repeat(250)}@contoso.com`, '', 42, null, undefined, { sip: 'alice@contoso.com' }];
  for (const bad of badSips) {
    it(`rejects the SIP address ${String(JSON.stringify(bad)).slice(0, 48)}`, () => invalid(() => checkInput(SipInput, bad, 'Get-CsUser -Identity')));
  }

  it('normalises FQDNs and rejects anything else', () => {
    assert.equal(checkInput(FqdnInput, 'LYNC-BER.contoso.local', 'pool'), 'lync-ber.contoso.local');
    for (const bad of ['lync-ber', 'lync ber.contoso.local', "lync-ber.contoso.local'; Stop-Service RTCSRV; '", '-lync.contoso.local', 'lync-.contoso.local', 'lync_ber.contoso.local', '*.contoso.local', `${'a'.repeat(64)}.contoso.local`, '', 7]) {
      invalid(() => checkInput(FqdnInput, bad, 'Move-CsLegacyUser -Target'));
    }
  });

  it('accepts conference directory numbers only as non-negative integers', () => {
    assert.equal(checkInput(ConferenceDirectoryInput, 3, 'id'), 3);
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 31, '3', "3'; Remove-CsConferenceDirectory -Identity 3; '", null]) {
      invalid(() => checkInput(ConferenceDirectoryInput, bad, 'Move-CsConferenceDirectory -Identity'));
    }
  });

  it('names the parameter in the error and quotes a valid address with its sip: prefix', () => {
    assert.throws(
      () => quotedSip(HOSTILE, 'Move-CsLegacyUser -Identity'),
      (e: unknown) => isLyncOpsError(e) && /Move-CsLegacyUser -Identity: not a SIP address/.test(e.message),
    );
    assert.equal(quotedSip('sip:Alice@contoso.com', 'x'), "'sip:alice@contoso.com'");
  });
});
