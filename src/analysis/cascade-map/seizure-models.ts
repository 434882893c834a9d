/**
 * How each protocol's liquidations enter the map: closed-form health bands where the rule allows, the
 * protocol's own rule called per account otherwise, and for auctions and pools an approximation of what
 * reaches the market, with the delay before it does.
 */
import type { LendingSpec } from '../../scenario/schema.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import { tieredThreshold } from '../../protocol/lending/threshold-tiers.js';
import { volatilityScaledBonus } from '../../liquidation/rules/volatility-bonus.js';
import { liquidationIncentiveFactor } from '../../liquidation/rules/morpho-blue.js';
import { eulerBands, fixedBonusBands, wholeCollateralBands, type FixedBonusParameters } from './bands.js';
import type { LadderSeizure } from './ladder.js';
import type { SeizureModelName } from './types.js';

/**
 * A protocol's seizure model and the seconds between a liquidation and the sale of its collateral.
 *
 * @example
 * const m: SeizureModel = { model: 'health bands', seizure, saleDelaySeconds: 0, checkedAgainstRuns: true };
 */
export interface SeizureModel {
  model: SeizureModelName;
  /** Whether the e2e test holds the map to runs for this mechanism. */
  checkedAgainstRuns: boolean;
  seizure: LadderSeizure;
  /** 0 for instant rules; a Dutch auction's fall to the market price; an English auction's ttl. */
  saleDelaySeconds: number;
}

/**
 * The seizure model of one protocol.
 *
 * @example
 * seizureModel(protocol, spec).model; // 'health bands' for aave-v3
 */
export function seizureModel(protocol: LendingProtocol, spec: LendingSpec): SeizureModel {
  const rule = protocol.settings.rule;
  const threshold = protocol.book.count > 0 ? protocol.thresholdOf(0) : spec.liquidationThreshold;
  const banded = (
    p: Omit<FixedBonusParameters, 'threshold'>,
    model: SeizureModelName = 'health bands',
    saleDelaySeconds = 0,
    checkedAgainstRuns = true,
  ): SeizureModel => ({
    model,
    seizure: { kind: 'bands', bands: fixedBonusBands({ ...p, threshold }), threshold },
    saleDelaySeconds,
    checkedAgainstRuns,
  });
  const r = spec.liquidationRule;
  if (r.type === 'maker-clip' || r.type === 'maker-flip') {
    // dss dog.bark / cat.bite: the auction raises tab = debt·chop, sold at about the market price, and returns the rest
    // of the lot.
    const auction = { bonus: r.chop - 1, protocolFeeShare: 0, closeFactor: 1, fullCloseBelowHealth: 1 };
    // Flipper bidding (tend, dent) and its dunk and box limits are left out: not checked against runs.
    if (r.type === 'maker-flip') return banded(auction, 'auction sells the tab', r.ttlSeconds, false);
    return banded(auction, 'auction sells the tab', dutchAuctionDelay(r.buf, r.curve));
  }
  if (!rule)
    return {
      model: 'whole collateral sold',
      seizure: { kind: 'bands', bands: wholeCollateralBands(), threshold },
      saleDelaySeconds: 0,
      checkedAgainstRuns: false,
    };
  const aave = {
    bonus: spec.liquidationBonus,
    protocolFeeShare: spec.protocolFeeShare,
    closeFactor: spec.closeFactor,
    fullCloseBelowHealth: spec.fullCloseBelowHealth,
  };
  if (spec.thresholdTiers.length === 0 && r.type === 'aave-v3') return banded(aave);
  if (spec.thresholdTiers.length === 0 && r.type === 'volatility-bonus') {
    const sigma = protocol.volatility.annual();
    return banded({
      ...aave,
      bonus: volatilityScaledBonus(spec.liquidationBonus, sigma, r.referenceVolatilityAnnual, r.minBonus, r.maxBonus),
    });
  }
  if (spec.thresholdTiers.length === 0 && r.type === 'morpho-blue') {
    // morphoBlueRule(LLTV = liquidationThreshold): repay the whole debt at bonus LIF − 1, no fee.
    return banded({
      bonus: liquidationIncentiveFactor(spec.liquidationThreshold) - 1,
      protocolFeeShare: 0,
      closeFactor: 1,
      fullCloseBelowHealth: 1,
    });
  }
  if (spec.thresholdTiers.length === 0 && r.type === 'euler-v2') {
    return {
      model: 'health bands',
      seizure: { kind: 'bands', bands: eulerBands(r.maxDiscount, threshold), threshold },
      saleDelaySeconds: 0,
      checkedAgainstRuns: true,
    };
  }
  const { book, debtPrice } = protocol;
  const base = protocol.settings.liquidationThreshold;
  const tiers = protocol.settings.thresholdTiers;
  // Tiers key the threshold on the debt left; any other scaling of block 0 is kept as a ratio.
  const scale = (i: number) => protocol.thresholdOf(i) / tieredThreshold(book.debt[i] * debtPrice, base, tiers);
  const fixed = Float64Array.from({ length: book.count }, (_, i) => protocol.thresholdOf(i));
  const thresholdFor =
    tiers.length === 0
      ? (i: number) => fixed[i]
      : (i: number, debt: number) => tieredThreshold(debt * debtPrice, base, tiers) * scale(i);
  return {
    model: 'rule per account',
    seizure: { kind: 'rule', rule, threshold: thresholdFor, volatilityAnnual: protocol.volatility.annual() },
    saleDelaySeconds: 0,
    checkedAgainstRuns: true,
  };
}

/** The abaci curves of maker-clip, as the scenario gives them. */
type ClipCurve =
  | { kind: 'linear'; tauSeconds: number }
  | { kind: 'stairstep'; cut: number; stepSeconds: number }
  | { kind: 'exponential'; cut: number };

/**
 * Seconds until a Clipper auction that starts at oracle·buf reaches the oracle price (where keepers start to
 * take), by its abaci curve: linear top·(τ − t)/τ, stairstep top·cut^⌊t/step⌋, exponential top·cut^t.
 *
 * @example
 * dutchAuctionDelay(1.2, { kind: 'stairstep', cut: 0.99, stepSeconds: 90 }); // 1710: 19 steps of 90 s
 */
export function dutchAuctionDelay(buf: number, curve: ClipCurve): number {
  if (!(buf > 1)) return 0;
  if (curve.kind === 'linear') return curve.tauSeconds * (1 - 1 / buf);
  if (curve.kind === 'exponential') return Math.log(buf) / -Math.log(curve.cut);
  return Math.ceil(Math.log(buf) / -Math.log(curve.cut)) * curve.stepSeconds;
}
