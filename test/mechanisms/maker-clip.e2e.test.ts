import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { buildWorld } from '../../src/world/build-world.js';
import { stepBlock } from '../../src/world/block-order.js';
import { Invariants } from '../../src/analysis/metrics/invariants.js';
import { MakerClipLiquidation } from '../../src/protocol/mechanisms/maker-clip.js';
import { makerVaultWorld } from './maker-world.js';
import { attribution } from '../../src/attribution/cascade-generations.js';

const CHOP = 1.13;
const TIP_USD = 300;

/** Dutch auctions from oracle·1.1 falling 1% every 60 s under a Hole of `holeUsd`, three keepers. */
function clipWorld(holeUsd: number): string {
  const rule = `{ type: maker-clip, chop: ${CHOP}, holeUsd: ${holeUsd}, dustUsd: 2000, buf: 1.1, tipUsd: ${TIP_USD}, chip: 0.001, curve: { kind: stairstep, cut: 0.99, stepSeconds: 60 } }`;
  const keepers = [
    '  - { id: fast, capitalUsd: 3000000, latencyBlocks: 0, priorityFeeGwei: 3 }',
    '  - { id: slow, capitalUsd: 2000000, latencyBlocks: 1, minProfitUsd: 20, priorityFeeGwei: 2 }',
    '  - { id: small, capitalUsd: 100000, latencyBlocks: 2, priorityFeeGwei: 1 }',
  ].join('\n');
  return makerVaultWorld('maker-clip-e2e', rule, keepers);
}

/** Runs the world with every conservation law checked after every block, tracking the Dog's Dirt. */
function run(holeUsd: number) {
  const world = buildWorld(parseScenario(clipWorld(holeUsd), 'maker-clip.yaml'), { attribution });
  const protocol = world.protocols[0];
  expect(protocol.mechanism).toBeInstanceOf(MakerClipLiquidation);
  const mechanism = protocol.mechanism as MakerClipLiquidation;
  const invariants = new Invariants(world);
  let maxDirt = 0;
  let maxPrincipalInAuctions = 0;
  let overshoot = 0;
  for (let b = 0; b < world.blocks; b++) {
    stepBlock(world);
    invariants.check();
    const { Dirt } = mechanism.dog;
    maxDirt = Math.max(maxDirt, Dirt);
    maxPrincipalInAuctions = Math.max(maxPrincipalInAuctions, mechanism.debtPending());
    // Principal still unpaid ≤ tab still to raise (tab = principal·chop, owe pays principal first).
    expect(mechanism.debtPending()).toBeLessThanOrEqual(Dirt * (1 + 1e-9));
    overshoot = Math.max(overshoot, Dirt - holeUsd);
  }
  return { world, protocol, mechanism, maxDirt, maxPrincipalInAuctions, overshoot };
}

describe('Maker Liquidations 2.0 in a world', () => {
  it('barks, kicks and takes: collateral sold, chop collected, keepers paid tip + chip·tab', () => {
    const { world, protocol, mechanism } = run(1e12);
    const { ledger } = protocol;
    const kicks = mechanism.clipper.kicks;
    expect(kicks).toBeGreaterThan(10);
    expect(ledger.liquidations).toBe(kicks); // one bark, one auction
    // Each kick pays at least the tip; redos (dust·chop below every tab here) pay it too.
    expect(ledger.keeperIncentivesUsd).toBeGreaterThanOrEqual(kicks * TIP_USD);
    const keeperIncentives = world.keepers.reduce((sum, k) => sum + k.incentivesUsd, 0);
    expect(keeperIncentives).toBeCloseTo(ledger.keeperIncentivesUsd, 6);
    // Collateral was bought and sold by keepers (the invariants tie it to what they recorded).
    expect(ledger.collateralToLiquidators).toBeGreaterThan(0);
    expect(world.keepers.reduce((sum, k) => sum + k.liquidations, 0)).toBeGreaterThan(0);
    // Most auctions finished within the run; finished ones raised their tab, so owners got collateral back.
    expect(mechanism.clipper.active().length).toBeLessThan(kicks);
    expect(ledger.collateralReturned).toBeGreaterThan(0);
    // The chop: owe beyond principal, the protocol's income, at most (chop − 1) of the principal repaid.
    expect(ledger.protocolFeesUsd).toBeGreaterThan(0);
    expect(ledger.protocolFeesUsd).toBeLessThanOrEqual((CHOP - 1) * ledger.debtRepaidUsd * (1 + 1e-9));
    // Borrowers' penalty: collateral taken at the bark price − leftovers back (same price) − debt taken off the vaults.
    const debtTakenUsd = ledger.debtRepaidUsd + ledger.badDebtUsd + mechanism.debtPending() * protocol.debtPrice;
    expect(ledger.penaltiesUsd).toBeCloseTo(
      ledger.collateralSeizedUsd - ledger.collateralReturnedUsd - debtTakenUsd,
      3,
    );
    expect(ledger.penaltiesUsd).toBeGreaterThan(ledger.protocolFeesUsd);
  });

  it('Hole caps the tab in auctions at once, so fewer vaults are in liquidation than without it', () => {
    const unlimited = run(1e12);
    const holeUsd = unlimited.maxDirt / 4;
    const limited = run(holeUsd);
    // dss lets a bark overshoot Hole only when the dust rule takes a whole vault: by less than dust·chop.
    expect(limited.overshoot).toBeLessThan(2000 * CHOP);
    expect(limited.maxDirt).toBeGreaterThan(0.9 * holeUsd); // it was binding
    expect(limited.maxPrincipalInAuctions).toBeLessThan(unlimited.maxPrincipalInAuctions / 2);
    // Vaults wait their turn: more debt is still in vaults or auctions at the end.
    const repaid = (r: typeof limited) => r.protocol.ledger.debtRepaidUsd;
    expect(repaid(limited)).toBeLessThan(repaid(unlimited));
    expect(limited.protocol.ledger.liquidations).toBeGreaterThan(0);
  });
});
