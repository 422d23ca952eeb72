// A fixture made by mocha hooks of the enclosing describe (before each test, or once before all),
// closed after it, and an object that stands for the current one: a test file uses it as if it
// held the fixture itself (`w.say(…)`, `h.turn(…)`), with no variable and hooks of its own.
export function standIn<T extends object>(make: () => Promise<T>, close: (fixture: T) => unknown, scope: 'each' | 'all'): T {
  let current: T | undefined;
  const open = async () => {
    current = await make();
  };
  const shut = async () => {
    const fixture = current;
    current = undefined;
    if (fixture) await close(fixture);
  };
  if (scope === 'each') {
    beforeEach(open);
    afterEach(shut);
  } else {
    before(open);
    after(shut);
  }
  return new Proxy({} as T, {
    get(_target, key) {
      if (!current) throw new Error('this fixture exists only while the tests of its describe run');
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}
