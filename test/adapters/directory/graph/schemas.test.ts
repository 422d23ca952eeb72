// The pure parts of the Graph directory: SIP addresses from Graph user objects, OData string
// literals, object-id detection, Retry-After parsing.
import assert from 'node:assert/strict';
import { retryAfterSeconds } from '../../../../adapters/directory/graph/errors';
import { displayNameFilter, looksLikeObjectId, odataString, sipOf, toDirectoryUser } from '../../../../adapters/directory/graph/schemas';

describe('Graph directory helpers', () => {
  describe('sipOf', () => {
    it('takes imAddresses first, with or without sip:, lower-cased', () => {
      assert.equal(sipOf({ imAddresses: ['Alice@Contoso.com'], proxyAddresses: ['SIP:other@contoso.com'] }), 'alice@contoso.com');
      assert.equal(sipOf({ imAddresses: ['sip:Bob@Contoso.com'] }), 'bob@contoso.com');
      assert.equal(sipOf({ imAddresses: ['  SIP:carol@contoso.com '] }), 'carol@contoso.com');
    });

    it('falls back to the SIP: proxy address, preferring the primary (upper-case) one', () => {
      assert.equal(sipOf({ imAddresses: [], proxyAddresses: ['SMTP:dave@contoso.com', 'sip:old.dave@contoso.com', 'SIP:Dave@Contoso.com'] }), 'dave@contoso.com');
      assert.equal(sipOf({ imAddresses: null, proxyAddresses: ['smtp:x@contoso.com', 'sip:erin@contoso.com'] }), 'erin@contoso.com');
    });

    it('has none for accounts without a usable SIP address', () => {
      assert.equal(sipOf({}), undefined);
      assert.equal(sipOf({ imAddresses: ['', 'not an address'], proxyAddresses: ['SMTP:x@contoso.com', 'X500:/o=contoso'] }), undefined);
    });
  });

  it('maps a Graph user, falling back to the UPN or id when the display name is empty', () => {
    assert.deepEqual(toDirectoryUser({ id: 'a', displayName: null, userPrincipalName: 'a@contoso.com', imAddresses: null }), {
      aadObjectId: 'a',
      displayName: 'a@contoso.com',
      userPrincipalName: 'a@contoso.com',
    });
    assert.deepEqual(toDirectoryUser({ id: 'b', displayName: ' ' }), { aadObjectId: 'b', displayName: 'b' });
  });

  it("quotes OData string literals by doubling '", () => {
    assert.equal(odataString("O'Brien"), "'O''Brien'");
    assert.equal(odataString("''"), "''''''");
    assert.equal(displayNameFilter("Sales 'Berlin'"), "displayName eq 'Sales ''Berlin'''");
  });

  it('tells object ids from display names', () => {
    assert.ok(looksLikeObjectId('44444444-0000-4000-8000-000000000001'));
    assert.ok(looksLikeObjectId(' 44444444-0000-4000-8000-00000000000A '));
    assert.ok(!looksLikeObjectId('Pilot'));
    assert.ok(!looksLikeObjectId('00000000-0000-0000-0000-0000000000020'));
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after': '7' }), now), 7);
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 12:00:30 GMT' }), now), 30);
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 11:00:00 GMT' }), now), 0);
    assert.equal(retryAfterSeconds(new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(retryAfterSeconds(new Headers(), now), undefined);
  });
});
