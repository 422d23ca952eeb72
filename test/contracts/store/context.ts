// What each role's section of the store contract suite gets: the store under test (fresh and
// initialised for every test, typed as the roles the section uses) and, where the engine supports
// it, a second handle on the same data.
import type { Store } from '../../../migration/store';

export interface ContractContext<S = Store> {
  readonly store: S;
  /** A second initialised store on the same data, or null when the engine cannot offer one. */
  reopen(): Promise<Store | null>;
}
