import type { MakerFlipLiquidation } from '../../protocol/mechanisms/maker-flip.js';
import { sellOnBestVenue } from '../../market/best-sale.js';
import { chooseFlipBid, isBiddable } from './maker-flip-bidding.js';
import { recordGasOnlyCall, type CollateralMarket, type KeeperTurn } from './turn.js';

/**
 * A keeper's calls on a MakerDAO Liquidations 1.2 protocol (dss `cat.sol` + `flip.sol`), after its latency:
 * 1. deals the auctions it won and sells each lot at once on the best venue;
 * 2. bites liquidatable vaults, largest debt first, repeatedly while one stays unsafe and the Cat accepts (gas only:
 *    the Cat pays no incentive);
 * 3. bids on open auctions in id order, as its `auctionBidding` strategy says (see maker-flip-bidding.ts), with DAI
 *    locked while it leads an auction.
 *
 * @example
 * actOnMakerFlip(protocol.mechanism as MakerFlipLiquidation, turn, market);
 */
export function actOnMakerFlip(mechanism: MakerFlipLiquidation, turn: KeeperTurn, market: CollateralMarket): void {
  dealWon(mechanism, turn, market);
  biteUnsafe(mechanism, turn);
  bid(mechanism, turn, market);
}

/** Step 1: the keeper settles every auction it won that has ended, and sells the lot. */
function dealWon(mechanism: MakerFlipLiquidation, turn: KeeperTurn, market: CollateralMarket): void {
  const { flipper, protocol } = mechanism;
  const now = protocol.timeSeconds;
  for (const id of flipper.liveIds()) {
    if (turn.actionsLeft <= 0) return;
    if (flipper.auction(id)?.guy !== turn.settings.id || !flipper.canDeal(id, now)) continue;
    const { deal, generation } = mechanism.deal(id);
    const sale = deal.lot > 0 ? sellOnBestVenue(market.venues, deal.lot) : { proceeds: 0, preTradeValue: 0 };
    const proceedsUsd = sale.proceeds;
    market.sales.record(generation, proceedsUsd, protocol.id);
    turn.actionsLeft -= 1;
    turn.record({
      collateral: deal.lot,
      proceedsUsd,
      costUsd: deal.bid * protocol.debtPrice,
      preTradeValueUsd: sale.preTradeValue,
      gasUsd: turn.gasUsd,
      liquidation: true,
    });
  }
}

/** Step 2: bites liquidatable vaults the keeper has waited for, largest debt first, repeatedly while one stays
 * unsafe. */
function biteUnsafe(mechanism: MakerFlipLiquidation, turn: KeeperTurn): void {
  const { protocol } = mechanism;
  for (const account of protocol.liquidatable) {
    if (protocol.block < protocol.book.unsafeSince[account] + turn.settings.latencyBlocks) continue;
    while (turn.actionsLeft > 0 && protocol.isLiquidatable(account)) {
      const refusal = mechanism.bite(account);
      if (refusal === 'stop') return;
      if (refusal === 'skip-account') break;
      // The Cat paid no keeper incentive: a bite only costs gas.
      turn.actionsLeft -= 1;
      recordGasOnlyCall(turn, false);
    }
    if (turn.actionsLeft <= 0) return;
  }
}

/** Step 3: bids on open auctions in id order, with the keeper's free capital. */
function bid(mechanism: MakerFlipLiquidation, turn: KeeperTurn, market: CollateralMarket): void {
  const { protocol, flipper } = mechanism;
  const { settings } = turn;
  const now = protocol.timeSeconds;
  let lockedUsd = mechanism.lockedUsd(settings.id);
  for (const id of flipper.liveIds()) {
    if (turn.actionsLeft <= 0) return;
    const auction = flipper.auction(id);
    if (auction === undefined || auction.guy === settings.id || !isBiddable(auction, now)) continue;
    const freeCapitalUsd = Math.min(settings.capitalUsd - lockedUsd, turn.capitalLeft);
    if (!(freeCapitalUsd > 0)) return;
    const choice = chooseFlipBid(flipper, auction, {
      strategy: settings.auctionBidding,
      venues: market.venues,
      costUsd: turn.gasUsd + settings.minProfitUsd,
      freeCapitalUsd,
      debtPrice: protocol.debtPrice,
    });
    if (choice === null) continue;
    let committedUsd: number;
    if (choice.phase === 'tend') {
      mechanism.tend(id, settings.id, choice.bid);
      committedUsd = choice.bid * protocol.debtPrice;
    } else {
      // A dent bidder pays the whole tab; the collateral it gives up goes back to the vault owner.
      mechanism.dent(id, settings.id, choice.lot);
      committedUsd = auction.tab * protocol.debtPrice;
    }
    lockedUsd += committedUsd;
    turn.capitalLeft -= committedUsd;
    turn.actionsLeft -= 1;
    recordGasOnlyCall(turn, false);
  }
}
