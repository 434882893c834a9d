import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { runScenario } from '../src/analysis/run.js';
import { Invariants } from '../src/analysis/metrics/invariants.js';
import { contagionReport, type ContagionReport } from '../src/attribution/contagion.js';
import { EXOGENOUS } from '../src/attribution/cause-tally.js';
import { attribution } from '../src/attribution/cascade-generations.js';

// scenarios/receipt-chain.yaml: lend-a (ETH → USDC, Morpho Blue) issues aUSDC; lend-b (aUSDC → USDC, Morpho Blue)
// issues bUSDC; lend-c (bUSDC → USDC) borrows against it. Constants copied from the file.
const FILE = path.resolve('scenarios/receipt-chain.yaml');
const A_SUPPLIED_USD = 220e6; // oracles[1].suppliedUsd: what aUSDC's value is shared over
const B_SUPPLIED_USD = 30e6; // oracles[2].suppliedUsd: what bUSDC's value is shared over
const A_HEARTBEAT_BLOCKS = 3600 / 12; // aUSDC feed posts at least hourly, 12 s blocks
const B_HEARTBEAT_BLOCKS = 600 / 12;
const LEND = ['lend-a', 'lend-b', 'lend-c'] as const;

/** One run, stepped block by block so per-protocol ledgers and first-event blocks can be read. */
function simulate(sets: string[] = [], checkInvariants = false) {
  const { scenario } = loadScenario(FILE, sets);
  const world = buildWorld(scenario, { attribution });
  const invariants = checkInvariants ? new Invariants(world) : undefined;
  // Health factor at block 0: collateral · oracle price · LT / (debt · debt price) (Aave/Morpho health factor).
  const healthAtStart = world.protocols.map((p) =>
    Array.from(
      { length: p.book.count },
      (_, i) => (p.book.collateral[i] * p.price * p.settings.liquidationThreshold) / (p.book.debt[i] * p.debtPrice),
    ),
  );
  const firstLiquidation = world.protocols.map(() => -1);
  const firstLoss = world.protocols.map(() => -1);
  const lossAt: number[][] = world.protocols.map(() => []);
  for (let b = 0; b < world.blocks; b++) {
    stepBlock(world);
    invariants?.check();
    world.protocols.forEach((p, k) => {
      if (firstLiquidation[k] < 0 && p.ledger.liquidations > 0) firstLiquidation[k] = b;
      if (firstLoss[k] < 0 && p.ledger.socialisedBadDebtUsd > 0) firstLoss[k] = b;
      lossAt[k].push(p.ledger.socialisedBadDebtUsd);
    });
  }
  const contagion = contagionReport(world);
  if (!contagion) throw new Error('no contagion report');
  const ledger = (id: (typeof LEND)[number]) => world.protocols[LEND.indexOf(id)].ledger;
  return { world, healthAtStart, firstLiquidation, firstLoss, lossAt, contagion, ledger };
}

let fullRun: ReturnType<typeof simulate> | undefined;
/** The unmodified scenario, with every conservation law checked at every block (run once, shared). */
const full = () => (fullRun ??= simulate([], true));

/** Liquidation calls of `protocol` attributed to `cause` in the contagion matrix. */
const cell = (c: ContagionReport, cause: string, protocol: string) => {
  const row = c.causes.indexOf(cause);
  return row < 0 ? 0 : c.liquidations[row][c.protocols.indexOf(protocol)];
};
/** All liquidation calls of `protocol` (its contagion column). */
const column = (c: ContagionReport, protocol: string) =>
  c.liquidations.reduce((sum, row) => sum + row[c.protocols.indexOf(protocol)], 0);

describe('a receipt of a receipt: lend-a → aUSDC → lend-b → bUSDC → lend-c (scenarios/receipt-chain.yaml)', () => {
  it('every link fires, with every conservation law holding at every block', () => {
    const r = full(); // checkInvariants: Invariants.check() after every block, throws on a breach
    for (const id of LEND) expect(r.ledger(id).liquidations).toBeGreaterThan(0);
    // Both issuers run Morpho Blue: their bad debt is charged to their suppliers, i.e. to the receipts' value.
    expect(r.ledger('lend-a').socialisedBadDebtUsd).toBeGreaterThan(0);
    expect(r.ledger('lend-b').socialisedBadDebtUsd).toBeGreaterThan(0);
    expect(r.ledger('lend-a').socialisedBadDebtUsd).toBe(r.ledger('lend-a').badDebtUsd);
    expect(r.ledger('lend-b').socialisedBadDebtUsd).toBe(r.ledger('lend-b').badDebtUsd);
  });

  it('prices each receipt at 1 − (issuer loss) / (issuer supply), the second-hand bUSDC included', () => {
    const r = full();
    const [, b, c] = r.world.protocols;
    const lossA = r.ledger('lend-a').socialisedBadDebtUsd;
    const lossB = r.ledger('lend-b').socialisedBadDebtUsd;
    // A push feed posts at least once per heartbeat; if the issuer's loss did not move during the last heartbeat
    // of the run, the final answer was read after the last loss and equals the formula exactly (USDC is 1).
    const n = r.world.blocks;
    expect(r.lossAt[0][n - 1 - A_HEARTBEAT_BLOCKS]).toBe(lossA);
    expect(r.lossAt[1][n - 1 - B_HEARTBEAT_BLOCKS]).toBe(lossB);
    expect(b.price).toBeCloseTo(1 - lossA / A_SUPPLIED_USD, 12);
    expect(c.price).toBeCloseTo(1 - lossB / B_SUPPLIED_USD, 12);
    expect(c.price).toBeLessThan(1);
  });

  it('liquidates in lend-b and lend-c exactly the accounts whose starting health factor the receipt markdown pushes below 1', () => {
    const r = full();
    // Collateral units, debt and USDC's price never move in a receipt market (no top-ups configured): the health
    // factor scales with the receipt price alone, which only falls. An account fails iff HF0 · final price < 1.
    for (const k of [1, 2]) {
      const p = r.world.protocols[k];
      let predicted = 0;
      for (let i = 0; i < p.book.count; i++) {
        const fails = r.healthAtStart[k][i] * p.price < 1;
        if (fails) predicted += 1;
        expect(p.book.everLiquidated[i] === 1).toBe(fails);
      }
      expect(predicted).toBeGreaterThan(0);
    }
  });

  it('fires the links in order: no receipt market liquidates before its issuer has socialised a loss', () => {
    const r = full();
    const [a, b, c] = [0, 1, 2];
    // lend-a liquidates (ETH falls) before it has bad debt; each receipt moves only once its issuer loses.
    expect(r.firstLiquidation[a]).toBeGreaterThanOrEqual(0);
    expect(r.firstLoss[a]).toBeGreaterThanOrEqual(r.firstLiquidation[a]);
    expect(r.firstLiquidation[b]).toBeGreaterThanOrEqual(r.firstLoss[a]);
    expect(r.firstLoss[b]).toBeGreaterThanOrEqual(r.firstLiquidation[b]);
    expect(r.firstLiquidation[c]).toBeGreaterThanOrEqual(r.firstLoss[b]);
  });

  it("attributes lend-c's liquidations all to lend-b and lend-b's all to lend-a (its direct issuer, not the root)", () => {
    const c = full().contagion;
    // LendingLedger.attribute: a protocol priced by a receipt oracle charges every liquidation to baseCause, the
    // oracle's issuer; no venue sale moves a receipt's price, so nothing is exogenous or self-caused.
    expect(c.protocols).toEqual([...LEND]);
    expect(cell(c, 'lend-b', 'lend-c')).toBe(column(c, 'lend-c'));
    expect(cell(c, 'lend-a', 'lend-c')).toBe(0);
    expect(cell(c, EXOGENOUS, 'lend-c')).toBe(0);
    expect(cell(c, 'lend-a', 'lend-b')).toBe(column(c, 'lend-b'));
    expect(cell(c, EXOGENOUS, 'lend-b')).toBe(0);
    expect(c.causedByOthersShare).toEqual([0, 1, 1]);
    // lend-a's own cascade: the ETH move first, then its own sales on the thin pool (no other protocol sells ETH).
    expect(cell(c, EXOGENOUS, 'lend-a') + cell(c, 'lend-a', 'lend-a')).toBeCloseTo(column(c, 'lend-a'), 9);
    expect(column(c, 'lend-c')).toBe(full().ledger('lend-c').liquidations);
  });
});

describe('cutting the receipt chain at a link removes everything downstream of it', () => {
  it('lend-c refusing bUSDC (collateral factor 0): lend-c liquidates nothing, lend-b is exactly as in the full run', () => {
    const { scenario } = loadScenario(FILE, ['protocols.2.liquidationThreshold=0', 'protocols.2.ltv=0']);
    const cut = runScenario(scenario, { checkInvariants: true });
    const c = cut.contagion;
    if (!c) throw new Error('no contagion report');
    const r = full();
    expect(column(c, 'lend-c')).toBe(0);
    // lend-c could reach lend-b only through a price lend-b reads: its keepers sell bUSDC, which no feed reads (both
    // receipt feeds have no sources), and its wave does not drain keeper capital that lend-b's wave needed.
    expect(column(c, 'lend-b')).toBe(r.ledger('lend-b').liquidations);
    expect(column(c, 'lend-a')).toBe(r.ledger('lend-a').liquidations);
    // lend-c (Aave rule) socialises nothing, so the total is lend-a's and lend-b's losses, unchanged.
    expect(cut.metrics.socialisedBadDebtUsd).toBeCloseTo(
      r.ledger('lend-a').socialisedBadDebtUsd + r.ledger('lend-b').socialisedBadDebtUsd,
      6,
    );
  });

  it('lend-b refusing aUSDC: neither lend-b nor lend-c liquidates; lend-a is unchanged', () => {
    const cut = simulate(['protocols.1.liquidationThreshold=0', 'protocols.1.ltv=0']);
    expect(cut.ledger('lend-b').liquidations).toBe(0);
    // No lend-b loans, no lend-b bad debt: bUSDC stays at 1 and lend-c's accounts keep their starting health.
    expect(cut.ledger('lend-b').socialisedBadDebtUsd).toBe(0);
    expect(cut.world.protocols[2].price).toBe(1);
    expect(cut.ledger('lend-c').liquidations).toBe(0);
    expect(cut.ledger('lend-a').liquidations).toBe(full().ledger('lend-a').liquidations);
  });

  it('lend-a under Aave v3 with a 1e9 USD insurance fund: nothing socialised, so lend-b and lend-c liquidate nothing', () => {
    const cut = simulate(['protocols.0.liquidationRule.type=aave-v3', 'protocols.0.insuranceFundUsd=1e9']);
    expect(cut.ledger('lend-a').liquidations).toBeGreaterThan(0);
    expect(cut.ledger('lend-a').socialisedBadDebtUsd).toBe(0);
    expect(cut.world.protocols[1].price).toBe(1);
    expect(cut.ledger('lend-b').liquidations).toBe(0);
    expect(cut.ledger('lend-c').liquidations).toBe(0);
  });

  it('the same with lend-a keeping its bad debt: the fund, not the suppliers, pays it and the chain stays quiet', () => {
    // Aave v3 made to liquidate like Morpho Blue: close factor 1, no protocol fee, and the Morpho incentive at
    // LLTV 0.825: LIF − 1 = 1 / (1 − 0.3 · (1 − 0.825)) − 1 ≈ 0.0554 (Morpho Blue ConstantsLib cursor 0.3).
    const bonus = 1 / (1 - 0.3 * (1 - 0.825)) - 1;
    const cut = simulate([
      'protocols.0.liquidationRule.type=aave-v3',
      'protocols.0.insuranceFundUsd=1e9',
      'protocols.0.closeFactor=1',
      'protocols.0.protocolFeeShare=0',
      `protocols.0.liquidationBonus=${bonus}`,
    ]);
    const a = cut.ledger('lend-a');
    expect(a.badDebtUsd).toBeGreaterThan(0);
    expect(a.socialisedBadDebtUsd).toBe(0);
    // The fund covers every dollar: it pays the whole bad debt and leaves nothing uncovered.
    expect(cut.world.protocols[0].fund.usedUsd).toBeCloseTo(a.badDebtUsd, 6);
    expect(cut.world.protocols[0].fund.uncoveredUsd).toBe(0);
    expect(cut.ledger('lend-b').liquidations).toBe(0);
    expect(cut.ledger('lend-c').liquidations).toBe(0);
  });
});
