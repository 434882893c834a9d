// What an engine builder (src/world/engine-registry.ts) reads of the world being built.
import type { Scenario } from '../scenario/schema.js';
import type { Oracle } from '../oracle/oracle.js';
import type { Venue } from '../market/venues/venue.js';
import type { AttributionFactory } from '../protocol/attribution-records.js';
import type { ScanMode } from '../protocol/lending/lending-settings.js';
import type { AssetState } from './world.js';
import type { BookReport } from './file-books.js';

/** The parts of a world built before its margin engines, handed to every engine builder. */
export interface EngineContext {
  readonly scenario: Scenario;
  /** Master seed. */
  readonly seed: number;
  readonly options: { readonly scan?: ScanMode; readonly spareAccounts?: number };
  readonly assets: readonly AssetState[];
  /** The asset of a symbol the scenario declares. */
  assetOf(symbol: string): AssetState;
  readonly oracles: readonly Oracle[];
  readonly venues: readonly Venue[];
  /** Makes the engines' classifiers and cause tallies. */
  readonly attribution: AttributionFactory;
  /** Directory relative paths of the scenario (book files) resolve against. */
  readonly baseDir: string;
  /** Where builders of books read from files report them. */
  readonly books: BookReport[];
}
