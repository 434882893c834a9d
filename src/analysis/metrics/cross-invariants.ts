import type { World } from '../../world/world.js';
import { InvariantError } from '../../kernel/errors.js';
import { bookUnits, firstBadBalance } from '../../protocol/cross/cross-ledger.js';
import { enginesOfKind } from '../../protocol/engine-kinds.js';

const RELATIVE_TOLERANCE = 1e-9;

/**
 * The conservation laws of cross-asset pools, per asset in units, checked against block 0: collateral at
 * start = collateral now + seized; seized = to liquidators + treasury fee; debt at start = debt now + repaid +
 * written off (v3.3 deficit); bad debt (USD) = covered by the fund + uncovered; seized value = repaid + written off +
 * borrower penalties (USD); no balance is negative and the
 * fund never is; and, per asset symbol, the collateral keepers say they received from cross-asset pools
 * equals what the pools handed to liquidators. O(accounts·assets) per check. Part of {@link Invariants}.
 *
 * @example
 * const cross = new CrossInvariants(world);
 * stepBlock(world);
 * cross.check(); // throws InvariantError naming the broken law
 */
export class CrossInvariants {
  constructor(private readonly world: World) {}

  /** Throws an {@link InvariantError} naming the first law that does not hold. */
  check(): void {
    const { world } = this;
    const toLiquidators = new Map<string, number>();
    for (const protocol of enginesOfKind(world, 'cross-lending')) {
      const { book, totals, ledger, fund, initial } = protocol;
      const where = `block ${world.clock.block}, cross-asset pool ${protocol.id}`;
      const bad = firstBadBalance(book);
      if (bad >= 0) throw new InvariantError(`${where}: account ${bad} has a negative or non-finite balance`);
      if (fund.balanceUsd() < 0) throw new InvariantError(`${where}: insurance fund below zero`);
      const now = bookUnits(book);
      protocol.settings.symbols.forEach((symbol, a) => {
        const at = `${where}, asset ${symbol}`;
        equal(
          initial.collateral[a],
          now.collateral[a] + totals.collateralSeized[a],
          `${at}: collateral at start = collateral now + seized`,
        );
        equal(
          totals.collateralSeized[a],
          totals.collateralToLiquidators[a] + totals.protocolFeeCollateral[a],
          `${at}: seized = to liquidators + protocol fee`,
        );
        equal(
          initial.debt[a],
          now.debt[a] + totals.debtRepaid[a] + totals.debtWrittenOff[a],
          `${at}: debt at start = debt now + repaid + written off`,
        );
        toLiquidators.set(symbol, (toLiquidators.get(symbol) ?? 0) + totals.collateralToLiquidators[a]);
      });
      equal(ledger.badDebtUsd, fund.usedUsd + fund.uncoveredUsd, `${where}: bad debt = covered by fund + uncovered`);
      equal(
        ledger.collateralSeizedUsd,
        ledger.debtRepaidUsd + ledger.badDebtUsd + ledger.penaltiesUsd,
        `${where}: seized value = repaid + written off + borrower penalties (USD)`,
      );
    }
    const received = new Map<string, number>();
    for (const keeper of world.keepers) {
      for (const [symbol, units] of keeper.crossCollateralReceived)
        received.set(symbol, (received.get(symbol) ?? 0) + units);
    }
    for (const symbol of new Set([...toLiquidators.keys(), ...received.keys()])) {
      equal(
        toLiquidators.get(symbol) ?? 0,
        received.get(symbol) ?? 0,
        `block ${world.clock.block}, asset ${symbol}: collateral cross-asset pools handed to liquidators = collateral keepers received`,
      );
    }
  }
}

function equal(a: number, b: number, law: string): void {
  if (!(Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b)))) {
    throw new InvariantError(`${law} does not hold: ${a} vs ${b}`);
  }
}
