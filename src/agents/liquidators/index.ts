import { InstantLiquidation } from '../../protocol/mechanisms/instant.js';
import { MakerClipLiquidation } from '../../protocol/mechanisms/maker-clip.js';
import { MakerFlipLiquidation } from '../../protocol/mechanisms/maker-flip.js';
import { CompoundAbsorbLiquidation } from '../../protocol/mechanisms/compound-absorb.js';
import { LiquityStabilityPoolLiquidation } from '../../protocol/mechanisms/liquity-pool.js';
import { InvariantError } from '../../kernel/errors.js';
import { InstantLiquidator } from './instant.js';
import { actOnMakerClip } from './maker-clip.js';
import { actOnMakerFlip } from './maker-flip.js';
import { actOnCompound } from './compound-absorb.js';
import { actOnLiquity } from './liquity.js';
import type { KeeperTurn, LiquidatorMarket } from './turn.js';

export type {
  CollateralMarket,
  DebtMarket,
  KeeperOutcome,
  KeeperTurn,
  LiquidatorMarket,
  LiquidatorSettings,
} from './turn.js';

/** One liquidator's strategy on one protocol: its calls there within a keeper turn. */
export interface Liquidator {
  act(turn: KeeperTurn): void;
}

/**
 * The strategy for `market.protocol`'s liquidation mechanism (an instant liquidation, an auction kick, take or bid,
 * an absorb or a purchase of absorbed collateral, a trove liquidation), acting within the turn's capital, calls,
 * latency and minimum profit. Each keeper makes one per protocol it watches and keeps it for the run, so the instant
 * strategy's idle pass is that keeper's own (its plan memo is the protocol's, shared by all keepers).
 *
 * @example
 * const liquidator = liquidatorFor(market);
 * if (market.protocol.liquidationsAllowed()) liquidator.act(turn);
 */
export function liquidatorFor(market: LiquidatorMarket): Liquidator {
  const { mechanism } = market.protocol;
  if (mechanism instanceof InstantLiquidation) {
    const instant = new InstantLiquidator(mechanism);
    return { act: (turn) => instant.act(turn, market) };
  }
  if (mechanism instanceof MakerClipLiquidation) return { act: (turn) => actOnMakerClip(mechanism, turn, market) };
  if (mechanism instanceof MakerFlipLiquidation) return { act: (turn) => actOnMakerFlip(mechanism, turn, market) };
  if (mechanism instanceof CompoundAbsorbLiquidation) return { act: (turn) => actOnCompound(mechanism, turn, market) };
  if (mechanism instanceof LiquityStabilityPoolLiquidation)
    return { act: (turn) => actOnLiquity(mechanism, turn, market) };
  throw new InvariantError(`no liquidation strategy for mechanism ${mechanism.name}`);
}
