import { InvariantError } from '../../kernel/errors.js';
import { CometError } from './errors.js';

/**
 * Compound v3 (Comet) liquidation: `isLiquidatable`, `absorb`, `quoteCollateral` and `buyCollateral`
 * (compound-finance/comet `contracts/Comet.sol`), in float64. Amounts are in token units, prices in USD;
 * the base balance is signed (negative = borrow). No interest accrues here: present value = principal.
 *
 * Comet liquidates in two steps. `absorb` moves an underwater account's whole collateral and debt onto
 * the protocol: the account is credited the collateral's value at `liquidationFactor` and its balance is
 * floored at 0 (a positive remainder stays with the account as base supply). The protocol pays the debt
 * out of its base reserves. `buyCollateral` then sells the absorbed collateral for base at a discount,
 * storeFrontPriceFactor·(1 − liquidationFactor), while reserves are below `targetReserves`.
 */

/** One collateral balance with its price and risk factors. */
export interface CollateralPosition {
  /** Asset name (only used to label what was seized). */
  asset?: string;
  /** Collateral units held. */
  amount: number;
  /** USD per unit. */
  price: number;
  /** Fraction of the value that counts against the debt in `isLiquidatable` (e.g. 0.83). */
  liquidateCollateralFactor: number;
  /** Fraction of the value credited to the account on `absorb` (e.g. 0.93). */
  liquidationFactor: number;
}

/** A Comet account: signed base balance (negative = borrow) and its collateral. */
export interface CometAccount {
  /** Base units; negative for a borrower. */
  baseBalance: number;
  /** USD per base unit. */
  basePrice: number;
  collaterals: readonly CollateralPosition[];
}

/** Collateral one absorb took. */
export interface SeizedCollateral {
  asset: string | undefined;
  /** Units moved into the protocol's collateral reserves. */
  amount: number;
  /** amount·price, USD (the `AbsorbCollateral` event's value). */
  valueUsd: number;
}

/** What one `absorb` changed. All base amounts in base units. */
export interface AbsorbResult {
  seized: SeizedCollateral[];
  /** Debt cleared: −baseBalance before (absorb clears all of it). */
  debtAbsorbed: number;
  /** Σ amount·price·liquidationFactor / basePrice: what the collateral was credited at. */
  credited: number;
  /** max(0, baseBalance + credited): the account's balance after. */
  newBaseBalance: number;
  /** Positive remainder left to the account as base supply (= newBaseBalance). */
  supplyCredited: number;
  /** max(0, debtAbsorbed − credited): the debt the collateral's credited value did not cover. */
  shortfall: number;
  /** newBaseBalance − baseBalance: base the protocol paid out (the `AbsorbDebt` event's amount). */
  basePaidOut: number;
  /** Change of `getReserves()`: −basePaidOut (debt repaid and any supply credited both come out of reserves). */
  reservesChange: number;
  /** Reserves after: reserves + reservesChange. */
  reserves: number;
}

/** Comet `getPrice`: a price feed must answer > 0. */
function price(value: number, what: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new CometError('BadPrice', `${what} price ${value}`);
  return value;
}

function nonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new InvariantError(`${what} must be a finite number ≥ 0, got ${value}`);
  return value;
}

/**
 * Comet `isLiquidatable`: baseBalance·basePrice + Σ amount·price·liquidateCollateralFactor < 0.
 * An account with a balance ≥ 0 is never liquidatable.
 *
 * @example
 * // Borrow 1,700 USDC against 1 ETH at 2,000 with liquidateCollateralFactor 0.85: −1700 + 1700 = 0, not liquidatable.
 * isLiquidatable(-1700, 1, [{ amount: 1, price: 2000, liquidateCollateralFactor: 0.85 }]); // false
 */
export function isLiquidatable(
  baseBalance: number,
  basePrice: number,
  collaterals: readonly Pick<CollateralPosition, 'amount' | 'price' | 'liquidateCollateralFactor'>[],
): boolean {
  // Comet.isLiquidatable: a supplier (principal ≥ 0) cannot be liquidated.
  if (baseBalance >= 0) return false;
  // Comet.isLiquidatable: liquidity = balance·basePrice + Σ collateral value·liquidateCollateralFactor.
  let liquidity = baseBalance * price(basePrice, 'base');
  for (const c of collaterals)
    liquidity += nonNegative(c.amount, 'collateral amount') * c.price * c.liquidateCollateralFactor;
  return liquidity < 0;
}

/**
 * Comet `absorbInternal` for one account: seize all collateral, credit Σ value·liquidationFactor/basePrice,
 * floor the new balance at 0. Reverts `NotLiquidatable` unless {@link isLiquidatable}.
 *
 * @example
 * // 1 ETH at 1,500 against 1,800 USDC, LF 0.93: credited 1,395, new balance 0, shortfall 405, reserves −1,800.
 * absorb({ baseBalance: -1800, basePrice: 1, collaterals: [{ amount: 1, price: 1500, liquidateCollateralFactor: 0.85, liquidationFactor: 0.93 }] }, 5000);
 */
export function absorb(account: CometAccount, reserves: number): AbsorbResult {
  if (!Number.isFinite(reserves)) throw new InvariantError(`reserves must be finite, got ${reserves}`);
  if (!isLiquidatable(account.baseBalance, account.basePrice, account.collaterals)) {
    throw new CometError('NotLiquidatable', `balance ${account.baseBalance} is covered by collateral`);
  }
  const oldBalance = account.baseBalance;
  // absorbInternal: every collateral balance moves to the protocol; its value·liquidationFactor is credited.
  let deltaValue = 0;
  const seized: SeizedCollateral[] = [];
  for (const c of account.collaterals) {
    const valueUsd = c.amount * price(c.price, c.asset ?? 'collateral');
    deltaValue += valueUsd * c.liquidationFactor;
    seized.push({ asset: c.asset, amount: c.amount, valueUsd });
  }
  const credited = deltaValue / account.basePrice;
  // absorbInternal: the new balance is never negative; a positive remainder stays as the account's supply.
  const newBaseBalance = Math.max(0, oldBalance + credited);
  const debtAbsorbed = -oldBalance;
  // absorbInternal: repay −oldBalance of borrows and supply newBalance; getReserves falls by both.
  const basePaidOut = newBaseBalance - oldBalance;
  return {
    seized,
    debtAbsorbed,
    credited,
    newBaseBalance,
    supplyCredited: newBaseBalance,
    shortfall: Math.max(0, debtAbsorbed - credited),
    basePaidOut,
    reservesChange: -basePaidOut,
    reserves: reserves - basePaidOut,
  };
}

/**
 * The store-front discount: storeFrontPriceFactor·(1 − liquidationFactor) (Comet `quoteCollateral`).
 *
 * @example
 * storeFrontDiscount(0.6, 0.93); // ≈ 0.042
 */
export function storeFrontDiscount(storeFrontPriceFactor: number, liquidationFactor: number): number {
  return storeFrontPriceFactor * (1 - liquidationFactor);
}

/**
 * Comet `quoteCollateral`: collateral out = basePrice·baseAmount / (assetPrice·(1 − discount)),
 * discount = storeFrontPriceFactor·(1 − liquidationFactor).
 *
 * @example
 * // ETH 2,000, storeFront 0.6, LF 0.93: discount 0.042, discounted price 1,916; 1,000 USDC buys 1000/1916 ETH.
 * quoteCollateral(2000, 0.6, 0.93, 1000); // ≈ 0.521921
 */
export function quoteCollateral(
  assetPrice: number,
  storeFrontPriceFactor: number,
  liquidationFactor: number,
  baseAmount: number,
  basePrice = 1,
): number {
  // quoteCollateral: the asset is sold at its price less the store-front discount.
  const discounted = price(assetPrice, 'asset') * (1 - storeFrontDiscount(storeFrontPriceFactor, liquidationFactor));
  // quoteCollateral: base value paid divided by the discounted price.
  return (price(basePrice, 'base') * nonNegative(baseAmount, 'baseAmount')) / discounted;
}

/** Inputs of one `buyCollateral`. */
export interface BuyCollateralArgs {
  /** Protocol base reserves before (`getReserves()`), base units; may be negative. */
  reserves: number;
  targetReserves: number;
  /** Protocol's holding of the asset (`getCollateralReserves`), units. */
  collateralReserves: number;
  assetPrice: number;
  basePrice: number;
  storeFrontPriceFactor: number;
  liquidationFactor: number;
  /** Base paid in. */
  baseAmount: number;
  /** Least collateral the buyer accepts. */
  minAmount: number;
}

/** What one `buyCollateral` changed. */
export interface BuyCollateralResult {
  /** Collateral units sent to the buyer. */
  collateralOut: number;
  /** Reserves after: reserves + baseAmount. */
  reserves: number;
  /** Collateral reserves after: collateralReserves − collateralOut. */
  collateralReserves: number;
}

/**
 * Comet `buyCollateral`: sells absorbed collateral at the {@link quoteCollateral} price, only while
 * reserves are below target (`NotForSale` once reserves ≥ 0 and ≥ targetReserves), never below the
 * buyer's `minAmount` (`TooMuchSlippage`) and never more than the protocol holds (`InsufficientReserves`).
 *
 * @example
 * buyCollateral({ reserves: 0, targetReserves: 5e6, collateralReserves: 10, assetPrice: 2000, basePrice: 1,
 *   storeFrontPriceFactor: 0.6, liquidationFactor: 0.93, baseAmount: 1916, minAmount: 0 });
 * // { collateralOut: ≈1, reserves: 1916, collateralReserves: ≈9 }
 */
export function buyCollateral(args: BuyCollateralArgs): BuyCollateralResult {
  // buyCollateral: closed once reserves reached the target.
  if (args.reserves >= 0 && args.reserves >= args.targetReserves) {
    throw new CometError('NotForSale', `reserves ${args.reserves} ≥ target ${args.targetReserves}`);
  }
  const collateralOut = quoteCollateral(
    args.assetPrice,
    args.storeFrontPriceFactor,
    args.liquidationFactor,
    args.baseAmount,
    args.basePrice,
  );
  // buyCollateral: the buyer's slippage bound, then the protocol's holding.
  if (collateralOut < args.minAmount)
    throw new CometError('TooMuchSlippage', `quote ${collateralOut} < min ${args.minAmount}`);
  if (collateralOut > args.collateralReserves) {
    throw new CometError(
      'InsufficientReserves',
      `quote ${collateralOut} > collateral reserves ${args.collateralReserves}`,
    );
  }
  return {
    collateralOut,
    reserves: args.reserves + args.baseAmount,
    collateralReserves: args.collateralReserves - collateralOut,
  };
}

/** Per-asset risk factors of a Comet market. */
export interface CometAssetConfig {
  liquidateCollateralFactor: number;
  liquidationFactor: number;
}

/** A Comet market's liquidation parameters. */
export interface CometConfig {
  /** Share of the liquidation penalty passed to collateral buyers (e.g. 0.6). */
  storeFrontPriceFactor: number;
  /** Base reserves above which absorbed collateral is no longer sold. */
  targetReserves: number;
  assets: Readonly<Record<string, CometAssetConfig>>;
}

/** Prices a call reads: the base token's and each collateral's, USD. */
export interface CometPrices {
  base: number;
  assets: Readonly<Record<string, number>>;
}

/**
 * A Comet market's liquidation state: base reserves and the collateral it absorbed.
 *
 * @example
 * const market = new CometMarket({ storeFrontPriceFactor: 0.6, targetReserves: 5e6,
 *   assets: { WETH: { liquidateCollateralFactor: 0.85, liquidationFactor: 0.93 } } }, 1e6);
 * market.absorb(-1800, { WETH: 1 }, { base: 1, assets: { WETH: 1500 } });
 * market.buyCollateral('WETH', 1000, 0, { base: 1, assets: { WETH: 1500 } });
 */
export class CometMarket {
  readonly config: Readonly<CometConfig>;
  private reservesBase: number;
  private readonly held = new Map<string, number>();

  constructor(config: CometConfig, reserves: number, collateralReserves: Readonly<Record<string, number>> = {}) {
    if (!(config.storeFrontPriceFactor >= 0 && config.storeFrontPriceFactor <= 1)) {
      throw new InvariantError(`storeFrontPriceFactor must be in [0, 1], got ${config.storeFrontPriceFactor}`);
    }
    this.config = config;
    this.reservesBase = reserves;
    for (const [asset, amount] of Object.entries(collateralReserves)) this.held.set(asset, nonNegative(amount, asset));
  }

  /** `getReserves()`: base reserves, base units (may be negative). */
  get reserves(): number {
    return this.reservesBase;
  }

  /** `getCollateralReserves(asset)`: absorbed collateral not yet sold, units. */
  collateralReserves(asset: string): number {
    return this.held.get(asset) ?? 0;
  }

  /** Whether `buyCollateral` is open: reserves < 0 or below target. */
  isForSale(): boolean {
    return !(this.reservesBase >= 0 && this.reservesBase >= this.config.targetReserves);
  }

  /** {@link absorb} an account holding `collateral` (asset → units); updates base and collateral reserves. */
  absorb(baseBalance: number, collateral: Readonly<Record<string, number>>, prices: CometPrices): AbsorbResult {
    const collaterals = Object.entries(collateral).map(([asset, amount]) => ({
      asset,
      amount,
      price: prices.assets[asset] ?? Number.NaN,
      ...this.assetConfig(asset),
    }));
    const result = absorb({ baseBalance, basePrice: prices.base, collaterals }, this.reservesBase);
    this.reservesBase = result.reserves;
    for (const c of collaterals) this.held.set(c.asset, this.collateralReserves(c.asset) + c.amount);
    return result;
  }

  /** {@link quoteCollateral} for `asset` at `prices`. */
  quoteCollateral(asset: string, baseAmount: number, prices: CometPrices): number {
    const cfg = this.assetConfig(asset);
    return quoteCollateral(
      prices.assets[asset] ?? Number.NaN,
      this.config.storeFrontPriceFactor,
      cfg.liquidationFactor,
      baseAmount,
      prices.base,
    );
  }

  /** {@link buyCollateral} of `asset` for `baseAmount`; updates base and collateral reserves. */
  buyCollateral(asset: string, baseAmount: number, minAmount: number, prices: CometPrices): BuyCollateralResult {
    const cfg = this.assetConfig(asset);
    const result = buyCollateral({
      reserves: this.reservesBase,
      targetReserves: this.config.targetReserves,
      collateralReserves: this.collateralReserves(asset),
      assetPrice: prices.assets[asset] ?? Number.NaN,
      basePrice: prices.base,
      storeFrontPriceFactor: this.config.storeFrontPriceFactor,
      liquidationFactor: cfg.liquidationFactor,
      baseAmount,
      minAmount,
    });
    this.reservesBase = result.reserves;
    this.held.set(asset, result.collateralReserves);
    return result;
  }

  /** Comet `getAssetInfoByAddress`: `BadAsset` for an asset the market does not list. */
  private assetConfig(asset: string): CometAssetConfig {
    const cfg = Object.hasOwn(this.config.assets, asset) ? this.config.assets[asset] : undefined;
    if (cfg === undefined) throw new CometError('BadAsset', `asset ${asset} is not listed`);
    return cfg;
  }
}
