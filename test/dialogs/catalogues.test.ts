// The English and German catalogues side by side: the Texts type makes them the same shape, but a
// German function may declare fewer parameters and still type-check, and an empty string would too.
import assert from 'node:assert/strict';
import { de } from '../../dialogs/i18n/de';
import { en } from '../../dialogs/i18n/en';

type Entry = { path: string; value: unknown };

function entries(value: unknown, path = ''): Entry[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ path, value }];
  return Object.entries(value).flatMap(([key, inner]) => entries(inner, path ? `${path}.${key}` : key));
}

const english = entries(en);
const german = entries(de);

describe('dialogs/i18n catalogues', () => {
  it('have the same keys in English and German', () => {
    assert.deepEqual(
      german.map((e) => e.path),
      english.map((e) => e.path),
    );
  });

  it('give each entry the same kind of value and each function the same number of parameters', () => {
    const byPath = new Map(german.map((e) => [e.path, e.value]));
    const differing = english.flatMap(({ path, value }) => {
      const other = byPath.get(path);
      if (typeof value !== typeof other || Array.isArray(value) !== Array.isArray(other)) return [`${path}: ${typeof value} / ${typeof other}`];
      if (typeof value === 'function' && typeof other === 'function' && value.length !== other.length) return [`${path}: ${value.length} / ${other.length} parameters`];
      if (Array.isArray(value) && Array.isArray(other) && value.length !== other.length) return [`${path}: ${value.length} / ${other.length} items`];
      return [];
    });
    assert.deepEqual(differing, []);
  });

  it('have no empty text, apart from the commands that have no help entry', () => {
    const silent = Object.entries(en.command)
      .filter(([, c]) => c.title === '')
      .map(([intent]) => `command.${intent}.`);
    const empty = [...english.map((e) => ['en', e] as const), ...german.map((e) => ['de', e] as const)]
      .filter(([, { path, value }]) => (value === '' || (Array.isArray(value) && value.includes(''))) && !silent.some((prefix) => path.startsWith(prefix)))
      .map(([lang, { path }]) => `${lang} ${path}`);
    assert.deepEqual(empty, []);
  });
});
