// What each section of the store contract suite gets: the store under test (fresh and initialised
// for every test) and, where the implementation supports it, a second handle on the same data.
import type { Store } from '../../../migration/ports';

export interface ContractContext {
  readonly store: Store;
  /** A second initialised store on the same data, or null when the implementation cannot offer one. */
  reopen(): Promise<Store | null>;
}
