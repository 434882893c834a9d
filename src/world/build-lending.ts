// Building a world's lending and CDP protocols (scenario protocols of type lending).
import type { LendingSpec } from '../scenario/schema.js';
import { RandomStream } from '../kernel/random.js';
import type { Oracle } from '../oracle/oracle.js';
import { AccountBook } from '../protocol/lending/account-book.js';
import { generatePopulation } from '../protocol/lending/population.js';
import { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import { InsuranceFund } from '../liquidation/insurance-fund.js';
import { RealizedVolatility } from '../liquidation/realized-volatility.js';
import { CircuitBreaker, circuitBreakerSettings } from '../liquidation/circuit-breaker.js';
import { DynamicThreshold } from '../liquidation/dynamic-threshold.js';
import { RiskOracleThreshold } from '../liquidation/risk-oracle/closed-loop.js';
import type { ThresholdScale } from '../liquidation/risk-oracle/threshold-scale.js';
import { ScenarioError } from '../kernel/errors.js';
import { liquidationRuleFor, volatilitySettingsFor } from '../liquidation/rules/index.js';
import { badDebtBearerFor, mechanismFor, monitorThreshold } from '../protocol/mechanisms/index.js';
import { spareAccountsFor } from '../agents/adversaries/index.js';
import { stalenessGuardFor } from './build-oracle.js';
import type { EngineContext } from './engine-context.js';
import { bookFileOf, generatedOf } from '../scenario/schema-books.js';
import { lendingFromFile } from './file-books.js';

/**
 * A lending protocol at block 0: its borrowers drawn from the stream `borrowers:<id>` at its oracle's first answer,
 * its liquidation mechanism attached and its trigger index built. A protocol priced by a receipt oracle feels its
 * issuer's losses first: its exogenous liquidations are the issuer's doing.
 *
 * @example const protocol = buildLendingProtocol(spec, context);
 */
export function buildLendingProtocol(spec: LendingSpec, context: EngineContext): LendingProtocol {
  const { scenario, seed, options } = context;
  const oracle = context.oracles.find((o) => o.id === spec.oracle) as Oracle;
  const debtPrice = context.assetOf(spec.debt).fundamental;
  const fromFile = bookFileOf(spec.borrowers);
  const read = fromFile
    ? lendingFromFile({
        protocol: spec.id,
        file: fromFile.file,
        baseDir: context.baseDir,
        policy: fromFile.unsafeAtStart,
        price: oracle.price,
        debtPrice,
        threshold: monitorThreshold(spec),
        tiers: spec.thresholdTiers,
      })
    : undefined;
  const generated = generatedOf(spec.borrowers);
  const accounts = read ? read.book.accounts.length : (generated?.count ?? 0);
  const book = new AccountBook(accounts + Math.max(options.spareAccounts ?? 0, spareAccountsFor(scenario.adversaries)));
  const volatility = volatilitySettingsFor(spec);
  if (read) {
    book.collateral.set(read.book.collateral);
    book.debt.set(read.book.debt);
    book.reserve.set(read.book.reserve);
    context.books.push(read.report);
  } else if (generated) {
    generatePopulation(
      book,
      generated,
      oracle.price,
      debtPrice,
      spec.liquidationThreshold,
      new RandomStream(seed, `borrowers:${spec.id}`),
    );
  }
  const protocol = new LendingProtocol(
    {
      id: spec.id,
      collateral: spec.collateral,
      debt: spec.debt,
      // The population is drawn at the scenario's threshold whatever the mechanism, so designs compare the same
      // accounts.
      liquidationThreshold: monitorThreshold(spec),
      thresholdTiers: spec.thresholdTiers,
      rule: liquidationRuleFor(spec),
      badDebtBearer: badDebtBearerFor(spec),
      feesToInsurance: spec.feesToInsurance,
      topUpBelowHealth: spec.borrowers.topUp?.belowHealth ?? 1,
    },
    {
      book,
      oracle,
      debtPrice,
      fund: new InsuranceFund(spec.insuranceFundUsd),
      sales: context.assetOf(spec.collateral).sales,
      volatility: new RealizedVolatility(
        volatility.initialAnnual,
        volatility.halfLifeBlocks,
        scenario.chain.blockTimeSeconds,
      ),
      breaker: new CircuitBreaker(spec.id, circuitBreakerSettings(spec.circuitBreakers)),
      dynamicThreshold: thresholdScaleFor(spec, context, book, debtPrice),
      staleness: stalenessGuardFor(spec),
      attribution: context.attribution,
    },
    options.scan ?? 'index',
  );
  protocol.attach(mechanismFor(spec, protocol));
  protocol.start();
  const oracleSpec = scenario.oracles.find((o) => o.id === spec.oracle);
  if (oracleSpec?.kind === 'receipt' && oracleSpec.issuer) protocol.ledger.causes.baseCause = oracleSpec.issuer;
  return protocol;
}

/**
 * The mechanism that moves a protocol's thresholds during the run: the volatility rule, the closed-loop risk oracle
 * (seeing the book, its oracle price and volatility, and the depth the collateral's venues report), or none.
 */
function thresholdScaleFor(
  spec: LendingSpec,
  context: EngineContext,
  book: AccountBook,
  debtPrice: number,
): ThresholdScale | undefined {
  if (spec.dynamicThreshold && spec.riskOracle)
    throw new ScenarioError(`protocols ${spec.id}: dynamicThreshold and riskOracle both move the threshold; set one`);
  if (spec.dynamicThreshold) return new DynamicThreshold(spec.dynamicThreshold);
  if (!spec.riskOracle) return undefined;
  const venues = context.venues.filter((v) => v.base === spec.collateral);
  return new RiskOracleThreshold(spec.riskOracle, {
    asset: spec.collateral,
    collateral: book.collateral,
    debt: book.debt,
    debtPrice,
    setThreshold: monitorThreshold(spec),
    bonus: spec.liquidationBonus,
    depthUsdPer1Pct: () => venues.reduce((sum, v) => sum + v.depthUsdPer1Pct(), 0),
  });
}
