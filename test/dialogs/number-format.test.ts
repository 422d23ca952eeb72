// Whole numbers are grouped without Intl (so a first answer does not wait for ICU's locale data):
// the result must be exactly what Intl.NumberFormat gives for en-GB and de-DE, for every number.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { formatNumber } from '../../dialogs/i18n';

const intl = { en: new Intl.NumberFormat('en-GB'), de: new Intl.NumberFormat('de-DE') };

describe('formatNumber', () => {
  it('groups whole numbers as Intl does in English and German', () => {
    assert.equal(formatNumber(1234567, 'en'), '1,234,567');
    assert.equal(formatNumber(1234, 'de'), '1.234');
    assert.equal(formatNumber(-1000, 'en'), '-1,000');
    assert.equal(formatNumber(999, 'de'), '999');
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.maxSafeInteger(), fc.maxSafeNat().map((n) => -n)), fc.constantFrom('en' as const, 'de' as const), (n, language) => {
        assert.equal(formatNumber(n, language), intl[language].format(n));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves fractions, -0 and numbers beyond 2^53 to Intl', () => {
    for (const n of [1234.5, -0.25, -0, 2 ** 60, Number.NaN, Infinity]) {
      assert.equal(formatNumber(n, 'en'), intl.en.format(n));
      assert.equal(formatNumber(n, 'de'), intl.de.format(n));
    }
    assert.equal(formatNumber(1234.5, 'de'), '1.234,5');
  });
});
