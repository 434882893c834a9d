/**
 * Summary rows of the optional parts of a run: the fee market, English auctions, perpetual exchanges and
 * adversaries. Each group appears only when the run has that part.
 */
import type { RunResult } from '../analysis/result.js';
import type { MetricGroup, MetricRow } from './metric-row.js';
import { formatCount, formatGrouped, formatPercent, formatUsd } from '../kernel/format.js';
import { curveGroups } from './curve-rows.js';

const usd = (label: string, value: number): MetricRow => ({ label, unit: 'USD', value: formatUsd(value) });
const count = (label: string, value: number): MetricRow => ({ label, unit: 'count', value: formatCount(value) });
const gwei = (label: string, value: number): MetricRow => ({ label, unit: 'gwei', value: formatGrouped(value, 2) });
const blocks = (label: string, value: number): MetricRow => ({ label, unit: 'blocks', value: formatGrouped(value, 2) });

/**
 * Groups for the fee market, English auctions, each perpetual exchange and each adversary, in that order (none for
 * a run without them).
 *
 * @example optionalGroups(result).map((g) => g.title) // ['Chain (fee market)', 'English auctions: maker-eth', 'Perp exchange: dex', 'Adversary: attacker (flash-loan)']
 */
export function optionalGroups(result: RunResult): MetricGroup[] {
  const groups: MetricGroup[] = [];
  const { chain, auctions, perps, contagion, stablecoins, protocolOwned, adversaries, uniswapV3 } = result;
  if (chain) {
    const rows: MetricRow[] = [
      { label: 'Pricing', unit: '', value: chain.mode },
      gwei('Mean base fee', chain.meanBaseFeeGwei),
      gwei('Peak base fee', chain.maxBaseFeeGwei),
      gwei('Mean clearing gas price', chain.meanGasPriceGwei),
      gwei('Peak clearing gas price', chain.maxGasPriceGwei),
      { label: 'Full blocks', unit: '%', value: formatPercent(chain.fullBlockShare) },
      usd('Tips paid to block producers', chain.producerTipsUsd),
    ];
    for (const [kind, t] of Object.entries(chain.transactions)) {
      rows.push(
        count(`${kind} transactions included`, t.included),
        count('  dropped', t.dropped),
        blocks('  mean delay', t.meanDelayBlocks),
        blocks('  peak delay', t.maxDelayBlocks),
      );
    }
    for (const [id, age] of Object.entries(chain.oracleAgeSeconds)) {
      rows.push(
        { label: `Oracle ${id} answer age, mean`, unit: 's', value: formatGrouped(age.mean, 0) },
        { label: `Oracle ${id} answer age, peak`, unit: 's', value: formatGrouped(age.max, 0) },
      );
    }
    for (const oev of chain.oev ?? []) {
      rows.push(
        count(`OEV auctions won (${oev.protocol})`, oev.auctions),
        usd(`OEV recaptured by ${oev.protocol}`, oev.recapturedUsd),
        usd('OEV kept by the auction operator', oev.operatorUsd),
      );
    }
    groups.push({ title: 'Chain (fee market)', rows });
  }
  for (const a of auctions ?? []) {
    groups.push({
      title: `English auctions: ${a.protocol}`,
      rows: [
        count('Auctions settled', a.settled),
        count('Won with a zero bid', a.zeroBid),
        { label: 'Zero-bid share', unit: '%', value: formatPercent(a.zeroBidShare) },
        usd('Collateral handed over for zero (at final oracle)', a.zeroBidCollateralUsd),
        { label: 'Winning bids / tabs', unit: '%', value: formatPercent(a.bidToTab) },
        usd('Principal left unpaid', a.badDebtUsd),
        count('Auctions still open at end', a.open),
      ],
    });
  }
  for (const p of perps ?? []) {
    const rows: MetricRow[] = [
      { label: 'Margin mode', unit: '', value: p.marginMode },
      count('Liquidations', p.liquidations),
      count('Accounts liquidated', p.accountsLiquidated),
    ];
    for (const m of p.byMarket)
      rows.push(
        usd(`${m.market} longs liquidated`, m.longNotionalUsd),
        usd(`${m.market} shorts liquidated`, m.shortNotionalUsd),
      );
    rows.push(
      usd('Insurance fund at start', p.insuranceFund.startUsd),
      usd('Insurance fund minimum', p.insuranceFund.minUsd),
      usd('Insurance fund at end', p.insuranceFund.endUsd),
      count('ADL fills', p.adl.fills),
      usd('ADL notional', p.adl.notionalUsd),
      usd('Socialised loss', p.socialisedLossUsd),
      usd('Uncovered deficit', p.uncoveredDeficitUsd),
      { label: 'Max mark–index deviation', unit: '%', value: formatPercent(p.maxMarkIndexDeviation) },
      {
        label: 'Blocks to recovery',
        unit: 'blocks',
        value: p.blocksToRecovery === null ? 'n/a' : formatCount(p.blocksToRecovery),
      },
      usd('Funding paid by longs', p.fundingPaidByLongsUsd),
      count('Margin deposits', p.marginDeposits),
    );
    if (p.backstop)
      rows.push(count('Backstop takeovers', p.backstop.takeovers), usd('Backstop vault PnL', p.backstop.pnlUsd));
    groups.push({ title: `Perp exchange: ${p.protocol}`, rows });
  }
  if (contagion) {
    const rows: MetricRow[] = [];
    contagion.protocols.forEach((protocol, p) => {
      contagion.causes.forEach((cause, c) =>
        rows.push({
          label: `${protocol} liquidations caused by ${cause}`,
          unit: 'count',
          value: formatGrouped(contagion.liquidations[c][p], 1),
        }),
      );
      rows.push({
        label: `${protocol}: share caused by other protocols`,
        unit: '%',
        value: formatPercent(contagion.causedByOthersShare[p]),
      });
    });
    rows.push(usd('Systemic bad debt (all protocols)', contagion.systemicBadDebtUsd));
    groups.push({ title: 'Contagion between protocols', rows });
  }
  for (const s of stablecoins ?? []) {
    const price = (label: string, value: number): MetricRow => ({ label, unit: 'USD', value: formatGrouped(value, 4) });
    const units = (label: string, value: number): MetricRow => ({ label, unit: s.asset, value: formatCount(value) });
    groups.push({
      title: `Stablecoin: ${s.asset} (issued by ${s.issuer})`,
      rows: [
        price('Lowest pool price', s.minPrice),
        price('Highest pool price', s.maxPrice),
        units('Sold by holders', s.heldSold),
        usd('  fetching', s.heldSoldProceedsUsd),
        units('Bought back by keepers to repay', s.boughtBackByKeepers),
        count('Redemptions', s.redemptions),
        units('  redeemed', s.redeemed),
        { label: '  last fee rate', unit: '%', value: formatPercent(s.lastFeeRate) },
        count('Blocks below par − fee with redemptions refused', s.blocksStalled),
      ],
    });
  }
  for (const p of protocolOwned ?? []) {
    groups.push({
      title: `Protocol-owned liquidity: ${p.protocol} in ${p.venue}`,
      rows: [
        { label: 'Share of the pool at start', unit: '%', value: formatPercent(p.initialShare) },
        { label: 'Share of the pool at end', unit: '%', value: formatPercent(p.endShare) },
        usd('Value at start', p.initialValueUsd),
        usd('Value at end', p.endValueUsd),
        usd('Deposited tokens, held instead, at end', p.heldTokensValueUsd),
        count('Withdrawals to pay bad debt', p.withdrawals),
        usd('  raised', p.withdrawnUsd),
        usd('Uncovered bad debt after the position paid', p.uncoveredAfterUsd),
      ],
    });
  }
  for (const v of uniswapV3 ?? []) {
    const share = (label: string, value: number): MetricRow => ({ label, unit: '%', value: formatPercent(value) });
    groups.push({
      title: `Uniswap v3 pool: ${v.venue} (fee ${formatGrouped(v.feePips / 100, 2)} bps)`,
      rows: [
        count('Liquidity positions', v.positions),
        count('  in the pool at end', v.activeAtEnd),
        count('Withdrawals by liquidity providers', v.withdrawals),
        count('Returns after calm', v.returns),
        usd('Liquidity provided at start', v.providedStartUsd),
        usd('Peak liquidity withdrawn', v.withdrawnPeakUsd),
        share('  share of the liquidity at that block', v.withdrawnPeakShare),
        count('  at block', v.withdrawnPeakBlock),
        usd('Liquidity withdrawn at end', v.withdrawnEndUsd),
        usd('Depth per 1% at start', v.depthStartUsd),
        usd('Depth per 1% at its lowest', v.depthMinUsd),
        count('  at block', v.depthMinBlock),
        usd('Depth per 1% at end', v.depthEndUsd),
        usd('Fees earned by liquidity providers', v.lpFeesUsd),
        ...(v.unfilledBase > 0
          ? [{ label: 'Sold into no liquidity (unfilled)', unit: 'base', value: formatGrouped(v.unfilledBase, 4) }]
          : []),
        ...(v.unfilledQuote > 0 ? [usd('Spent into no liquidity (unfilled)', v.unfilledQuote)] : []),
      ],
    });
  }
  for (const a of adversaries ?? []) {
    groups.push({
      title: `Adversary: ${a.id} (${a.type})`,
      rows: [
        {
          label: 'Executed in block',
          unit: '',
          value: a.executedBlock === null ? 'never' : formatCount(a.executedBlock),
        },
        // An atomic attack that could not repay its flash loans reverted: nothing happened but its gas.
        ...(a.details.reverted ? [count('Transactions reverted (could not repay, gas only)', a.details.reverted)] : []),
        usd('Own capital', a.capitalUsd),
        usd('Borrowed (peak)', a.borrowedUsd),
        usd('Revenue', a.revenueUsd),
        usd('Cost', a.costUsd),
        usd('Profit', a.profitUsd),
        usd("Protocols' loss (bad debt)", a.protocolLossUsd),
        usd("Borrowers' loss (liquidation penalties)", a.borrowerLossUsd),
        { label: 'Paid off', unit: '', value: a.profitUsd > 0 ? 'yes' : 'no' },
      ],
    });
  }
  groups.push(...curveGroups(result));
  return groups;
}
