import { InstantLiquidation } from '../../protocol/mechanisms/instant.js';
import { MakerClipLiquidation } from '../../protocol/mechanisms/maker-clip.js';
import { MakerFlipLiquidation } from '../../protocol/mechanisms/maker-flip.js';
import { CompoundAbsorbLiquidation } from '../../protocol/mechanisms/compound-absorb.js';
import { LiquityStabilityPoolLiquidation } from '../../protocol/mechanisms/liquity-pool.js';
import { InvariantError } from '../../kernel/errors.js';
import { instantLiquidatorFor } from './instant.js';
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

/**
 * One keeper's calls on `market.protocol` within its transaction: the strategy for the protocol's liquidation
 * mechanism (an instant liquidation, an auction kick, take or bid, an absorb or a purchase of absorbed collateral, a
 * trove liquidation), within the turn's capital, calls, latency and minimum profit.
 *
 * @example
 * if (market.protocol.liquidationsAllowed()) liquidateOn(market, turn);
 */
export function liquidateOn(market: LiquidatorMarket, turn: KeeperTurn): void {
  const { mechanism } = market.protocol;
  if (mechanism instanceof InstantLiquidation) instantLiquidatorFor(mechanism).act(turn, market);
  else if (mechanism instanceof MakerClipLiquidation) actOnMakerClip(mechanism, turn, market);
  else if (mechanism instanceof MakerFlipLiquidation) actOnMakerFlip(mechanism, turn, market);
  else if (mechanism instanceof CompoundAbsorbLiquidation) actOnCompound(mechanism, turn, market);
  else if (mechanism instanceof LiquityStabilityPoolLiquidation) actOnLiquity(mechanism, turn, market);
  else throw new InvariantError(`no liquidation strategy for mechanism ${mechanism.name}`);
}
