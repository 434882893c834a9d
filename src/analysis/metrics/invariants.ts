import type { World } from '../../world/world.js';
import { InvariantError } from '../../kernel/errors.js';
import { CrossInvariants } from './cross-invariants.js';
import { enginesOfKind } from '../../protocol/engine-kinds.js';

interface BookTotals {
  collateral: number;
  debt: number;
  reserve: number;
}

const RELATIVE_TOLERANCE = 1e-9;

function totals(world: World): BookTotals[] {
  return world.protocols.map(({ book }) => {
    const t = { collateral: 0, debt: 0, reserve: 0 };
    for (let i = 0; i < book.count; i++) {
      t.collateral += book.collateral[i];
      t.debt += book.debt[i];
      t.reserve += book.reserve[i];
    }
    return t;
  });
}

/**
 * The model's conservation laws (DESIGN.md §6), checked against the totals at block 0:
 * collateral seized = received by keepers + protocol fee + returned to owners + still in liquidation (auction lots,
 * protocol-held) + handed to Stability Pool depositors + redistributed to other accounts (Liquity); collateral at start
 * + top-ups + redistributed to accounts = collateral now + seized; debt at start = debt now + repaid +
 * bad debt + still in liquidation (redistributed debt stays in the book); reserves only fall by what was topped up; bad
 * debt
 * is charged exactly once, to the insurance fund or to the suppliers; no balance is negative. O(accounts) per check.
 *
 * @example
 * const invariants = new Invariants(world);
 * stepBlock(world);
 * invariants.check(); // throws InvariantError naming the broken law
 */
export class Invariants {
  private readonly initial: BookTotals[];
  /** The same laws per asset for cross-asset pools. */
  private readonly cross: CrossInvariants;

  /** Σ equity + reserves + insurance fund of each perp exchange at block 0. */
  private readonly perpValues: number[];

  constructor(private readonly world: World) {
    this.initial = totals(world);
    this.cross = new CrossInvariants(world);
    this.perpValues = enginesOfKind(world, 'perp').map((perp) => perp.totalValueUsd());
  }

  /** Throws an {@link InvariantError} naming the first law that does not hold. */
  check(): void {
    const { world } = this;
    const now = totals(world);
    let toLiquidators = 0;
    world.protocols.forEach((protocol, p) => {
      const { ledger, book, fund, id } = protocol;
      const where = `block ${world.clock.block}, protocol ${id}`;
      for (let i = 0; i < book.count; i++) {
        if (book.collateral[i] < 0 || book.debt[i] < 0 || book.reserve[i] < 0)
          throw new InvariantError(`${where}: account ${i} has a negative balance`);
      }
      if (fund.balanceUsd() < 0) throw new InvariantError(`${where}: insurance fund below zero`);
      const { mechanism } = protocol;
      if (mechanism.collateralPending() < 0 || mechanism.debtPending() < 0)
        throw new InvariantError(`${where}: negative collateral or debt in liquidation`);
      equal(
        ledger.collateralSeized,
        ledger.collateralToLiquidators +
          ledger.protocolFeeCollateral +
          ledger.collateralReturned +
          mechanism.collateralPending() +
          ledger.collateralToStabilityPool +
          ledger.collateralRedistributed,
        `${where}: seized = to liquidators + protocol fee + returned to owners + in liquidation + to the stability pool + redistributed to accounts`,
      );
      equal(
        this.initial[p].collateral + ledger.topUpCollateral + ledger.collateralRedistributed + ledger.openedCollateral,
        now[p].collateral + ledger.collateralSeized + ledger.redeemedCollateral,
        `${where}: collateral at start + top-ups + redistributed + opened = collateral now + seized + redeemed`,
      );
      // Redistribution (Liquity) moves a trove's debt to the other accounts, so it leaves the book total unchanged.
      equal(
        this.initial[p].debt + ledger.openedDebt,
        now[p].debt +
          (ledger.debtRepaidUsd + ledger.badDebtUsd) / protocol.debtPrice +
          mechanism.debtPending() +
          ledger.redeemedDebt,
        `${where}: debt at start + opened = debt now + repaid + bad debt + in liquidation + redeemed`,
      );
      equal(
        this.initial[p].reserve,
        now[p].reserve + ledger.topUpCollateral,
        `${where}: reserve at start = reserve now + topped up`,
      );
      // The borrowers' penalty is defined by this identity, the same for every mechanism.
      equal(
        ledger.collateralSeizedUsd,
        ledger.collateralReturnedUsd +
          ledger.debtRepaidUsd +
          (ledger.debtRedistributed + mechanism.debtPending()) * protocol.debtPrice +
          ledger.badDebtUsd +
          ledger.penaltiesUsd,
        `${where}: seized value = returned + repaid + redistributed + in liquidation + written off + borrower penalties (USD)`,
      );
      equal(
        ledger.badDebtUsd,
        fund.usedUsd + fund.uncoveredUsd + ledger.socialisedBadDebtUsd,
        `${where}: bad debt = covered by fund + uncovered + socialised`,
      );
      toLiquidators += ledger.collateralToLiquidators;
    });
    const received =
      world.keepers.reduce((sum, keeper) => sum + keeper.collateralReceived, 0) +
      world.adversaries.reduce((sum, a) => sum + a.collateralFromLiquidations(), 0);
    equal(
      toLiquidators,
      received,
      `block ${world.clock.block}: collateral to liquidators = collateral keepers and adversaries received`,
    );
    // Perp exchanges: trading PnL, funding, fees, fund payments and socialised losses are all transfers.
    enginesOfKind(world, 'perp').forEach((perp, p) =>
      equal(
        perp.totalValueUsd(),
        this.perpValues[p],
        `block ${world.clock.block}, perp ${perp.id}: Σ equity + reserves + insurance fund is unchanged`,
      ),
    );
    this.cross.check();
  }
}

function equal(a: number, b: number, law: string): void {
  if (!(Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b)))) {
    throw new InvariantError(`${law} does not hold: ${a} vs ${b}`);
  }
}
