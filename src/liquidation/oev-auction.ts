import type { InsuranceFund } from './insurance-fund.js';

/**
 * Oracle-extractable value recapture (the idea behind Chainlink SVR and API3 OEV auctions): in each block where a
 * protocol has accounts to liquidate after an oracle update, the right to liquidate them first is sold in a sealed-bid
 * auction among liquidators instead of being raced for with priority fees. Modelled as a second-price (Vickrey)
 * auction, so bidding one's value is optimal (a keeper's value is what its liquidations there yield executed in
 * sequence, after its own price impact, gas and minimum profit: see `Keeper.submit`): the winner pays the runner-up's
 * bid, and only if its transaction lands (payment is atomic with the liquidations). `protocolShare` of the payment
 * goes to the protocol's fund, the rest to the auction operator. Losers may not liquidate that protocol in that block.
 *
 * @example
 * const oev = new OevAuction(0.8, protocol.fund);
 * oev.bid(12, 'k1', 5_000); oev.bid(12, 'k2', 4_000);
 * oev.winner(12);          // 'k1'
 * oev.pay(12, 'k1');       // 4,000: 3,200 to the fund, 800 to the operator
 */
export class OevAuction {
  /** Blocks in which the right was sold and used. */
  auctions = 0;
  /** Paid into the protocol's fund, USD. */
  recapturedUsd = 0;
  /** Kept by the auction operator, USD. */
  operatorUsd = 0;
  private block = -1;
  private readonly bids: { keeper: string; usd: number }[] = [];
  private paidBlock = -1;

  constructor(
    readonly protocolShare: number,
    private readonly fund: InsuranceFund,
  ) {}

  /** Records `keeper`'s sealed bid for `block`, USD (bids ≤ 0 are not entered). */
  bid(block: number, keeper: string, usd: number): void {
    if (block !== this.block) {
      this.block = block;
      this.bids.length = 0;
    }
    if (usd > 0 && Number.isFinite(usd)) this.bids.push({ keeper, usd });
  }

  /** Highest bidder for `block` (the earlier bid on ties), or undefined when nobody bid. */
  winner(block: number): string | undefined {
    return this.ranked(block)[0]?.keeper;
  }

  /** The winner pays once per block: the second-highest bid (0 with a lone bidder); returns what it paid, USD. */
  pay(block: number, keeper: string): number {
    const ranked = this.ranked(block);
    if (ranked[0]?.keeper !== keeper || this.paidBlock === block) return 0;
    this.paidBlock = block;
    const price = ranked[1]?.usd ?? 0;
    const toProtocol = price * this.protocolShare;
    this.fund.deposit(toProtocol);
    this.recapturedUsd += toProtocol;
    this.operatorUsd += price - toProtocol;
    this.auctions += 1;
    return price;
  }

  private ranked(block: number): { keeper: string; usd: number }[] {
    if (block !== this.block) return [];
    return [...this.bids].sort((a, b) => b.usd - a.usd);
  }
}
