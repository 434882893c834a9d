// A small stand-in for the live book (LiveBookView) in the oracle's tests: the scenario's block-0 borrowers, live
// prices, depths and gas held in plain fields.
import { attribution } from '../../src/attribution/cascade-generations.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import type { LiveBookView, LiveProtocolSummary } from '../../src/service/oracle/live-state.js';
import { buildWorld } from '../../src/world/build-world.js';

/** The thin-pool-shock scenario with `count` generated borrowers, and its directory. */
export function smallScenario(count: number, sets: string[] = []): { scenario: Scenario; dir: string } {
  const loaded = loadScenario('scenarios/thin-pool-shock.yaml', [`protocols.0.borrowers.count=${count}`, ...sets]);
  return { scenario: loaded.scenario, dir: loaded.dir };
}

/** A live book held in plain fields. */
export class FakeBook implements LiveBookView {
  sequence = 0;
  prices: Record<string, number> = {};
  gas: number;
  depths: Record<string, { depthUsdPer1Pct?: number; liquidityUsd?: number }> = {};
  params: Record<string, { liquidationThreshold: number; liquidationBonus: number }> = {};
  books: Record<string, { account: string[]; collateral: Float64Array; debt: Float64Array }> = {};
  thresholdCalls: { protocol: string; liquidationThreshold: number; liquidationBonus?: number }[] = [];

  constructor(
    readonly scenario: Scenario,
    baseDir: string,
  ) {
    const world = buildWorld(scenario, { baseDir, attribution });
    for (const asset of world.assets) this.prices[asset.symbol] = asset.fundamental;
    this.gas = scenario.chain.gasPriceGwei;
    for (const v of scenario.venues) {
      if (v.type === 'offchain') this.depths[v.id] = { depthUsdPer1Pct: v.depthUsdPer1Pct };
      if (v.type === 'cpamm') this.depths[v.id] = { liquidityUsd: v.liquidityUsd };
    }
    for (const spec of scenario.protocols) {
      if (spec.type !== 'lending') continue;
      const protocol = world.protocols.find((p) => p.id === spec.id)!;
      const n = spec.borrowers && 'count' in spec.borrowers ? spec.borrowers.count : 0;
      this.books[spec.id] = {
        account: Array.from({ length: n }, (_, i) => `0x${i.toString(16)}`),
        collateral: protocol.book.collateral.slice(0, n),
        debt: protocol.book.debt.slice(0, n),
      };
      this.params[spec.id] = {
        liquidationThreshold: spec.liquidationThreshold,
        liquidationBonus: spec.liquidationBonus,
      };
    }
  }

  protocolIds(): string[] {
    return Object.keys(this.books);
  }
  price(asset: string): number {
    return this.prices[asset];
  }
  gasGwei(): number {
    return this.gas;
  }
  depth(venue: string) {
    return this.depths[venue] ?? {};
  }
  rows(protocol: string, _withNames?: boolean) {
    const { account, collateral, debt } = this.books[protocol];
    return { account: account.slice(), collateral: collateral.slice(), debt: debt.slice() };
  }
  setThreshold(protocol: string, liquidationThreshold: number, liquidationBonus?: number): void {
    this.thresholdCalls.push({ protocol, liquidationThreshold, liquidationBonus });
    this.params[protocol] = {
      liquidationThreshold,
      liquidationBonus: liquidationBonus ?? this.params[protocol].liquidationBonus,
    };
  }
  summary() {
    const protocols: LiveProtocolSummary[] = [];
    for (const spec of this.scenario.protocols) {
      if (spec.type !== 'lending') continue;
      const rows = this.books[spec.id];
      const price = this.prices[spec.collateral];
      const { liquidationThreshold, liquidationBonus } = this.params[spec.id];
      let debtUsd = 0;
      let collateralUsd = 0;
      let unsafeAccounts = 0;
      let unsafeDebtUsd = 0;
      for (let i = 0; i < rows.account.length; i++) {
        debtUsd += rows.debt[i];
        collateralUsd += rows.collateral[i] * price;
        if (rows.debt[i] > 0 && rows.collateral[i] * price * liquidationThreshold < rows.debt[i]) {
          unsafeAccounts += 1;
          unsafeDebtUsd += rows.debt[i];
        }
      }
      protocols.push({
        id: spec.id,
        collateral: spec.collateral,
        debt: spec.debt,
        price,
        accounts: rows.account.length,
        debtUsd,
        collateralUsd,
        unsafeAccounts,
        unsafeDebtUsd,
        liquidationThreshold,
        liquidationBonus,
      });
    }
    return { sequence: this.sequence, prices: { ...this.prices }, gasGwei: this.gas, protocols };
  }
}
