// The checkpoint of a live book: everything it holds, as JSON (numbers round-trip exactly through JSON.stringify).
import { CascadeError } from '../../kernel/errors.js';
import type { LiveBook, VenueDepth } from './live-book.js';

const FORMAT = 'cascade-live-checkpoint';

/** A live book as a checkpoint file holds it. */
export interface BookCheckpoint {
  format: typeof FORMAT;
  version: 1;
  scenario: string;
  sequence: number;
  prices: Record<string, number>;
  gasGwei: number;
  depths: Record<string, VenueDepth>;
  protocols: {
    id: string;
    collateral: string;
    debt: string;
    liquidationThreshold: number;
    liquidationBonus: number;
    /** Account by slot, null for a free slot. */
    slots: (string | null)[];
    collateralUnits: number[];
    debtUnits: number[];
    /** Free slots, the next reused last. */
    free: number[];
  }[];
}

/**
 * The checkpoint of `book` now.
 *
 * @example const text = JSON.stringify(checkpointOf(book));
 */
export function checkpointOf(book: LiveBook): BookCheckpoint {
  const summary = book.summary();
  return {
    format: FORMAT,
    version: 1,
    scenario: book.scenario.name,
    sequence: book.sequence,
    prices: summary.prices,
    gasGwei: summary.gasGwei,
    depths: book.depths(),
    protocols: summary.protocols.map((p) => {
      const store = book.protocolBook(p.id);
      const n = store.slots;
      return {
        id: p.id,
        collateral: p.collateral,
        debt: p.debt,
        liquidationThreshold: p.liquidationThreshold,
        liquidationBonus: p.liquidationBonus,
        slots: Array.from({ length: n }, (_, slot) => store.names[slot] ?? null),
        collateralUnits: Array.from(store.collateral.subarray(0, n)),
        debtUnits: Array.from(store.debt.subarray(0, n)),
        free: [...store.freeSlots()],
      };
    }),
  };
}

/**
 * Replaces the whole state of `book` (prices, gas, depth, protocols and their accounts, sequence) with `data` read
 * from `file`. Throws CascadeError when it is not a checkpoint of this scenario.
 *
 * @example restoreCheckpoint(book, JSON.parse(text), 'live.duckdb.checkpoint.json');
 */
export function restoreCheckpoint(book: LiveBook, data: BookCheckpoint, file: string): void {
  if (data?.format !== FORMAT || data.version !== 1)
    throw new CascadeError(`${file}: not a live-book checkpoint (format ${FORMAT}, version 1)`);
  if (data.scenario !== book.scenario.name)
    throw new CascadeError(
      `${file}: checkpoint of scenario "${data.scenario}", but the service runs "${book.scenario.name}"; start with that scenario or another --db`,
    );
  book.clearProtocols();
  book.restoreMarket(data.prices, data.gasGwei, data.depths);
  for (const p of data.protocols) {
    const protocol = book.addProtocol(p.id, p.collateral, p.debt, p.liquidationThreshold, p.slots.length);
    protocol.liquidationBonus = p.liquidationBonus;
    protocol.book.load(p.slots, p.collateralUnits, p.debtUnits, p.free);
  }
  book.sequence = data.sequence;
}
