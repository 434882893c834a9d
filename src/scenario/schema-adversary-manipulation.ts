import { z } from 'zod';
import { id, nonNegative, positive } from './schema-primitives.js';

// Scenario schemas of the oracle-manipulation adversaries: flash-loan (src/agents/adversaries/flash-loan.ts)
// and pump-and-borrow (src/agents/adversaries/pump-and-borrow.ts).

const blockIndex = z.number().int().min(1).max(10_000_000);

/**
 * A flash-loan oracle manipulator: in one transaction it borrows the collateral asset, sells it into the pool the
 * protocol's oracle reads, liquidates the accounts the lower price exposes, buys the units back and repays. The
 * transaction is atomic: it trades only on the on-chain pools of the protocols' chain and reverts if their proceeds
 * cannot
 * repay. With `holdBlocks` > 0 it keeps the pool pushed from its own inventory for that many blocks (against a TWAP).
 *
 * @example
 * const spec = flashLoanAdversarySchema.parse({ type: 'flash-loan', id: 'fl', protocol: 'lend', pool: 'pool', atBlock: 10, pushUsd: 1e6 });
 * spec.flashFeeBps; // 5 (Aave v3 premium)
 */
export const flashLoanAdversarySchema = z
  .strictObject({
    type: z
      .literal('flash-loan')
      .describe(
        "an oracle manipulator: flash-borrows the collateral, sells it into the oracle's pool, liquidates the accounts it exposes, buys back and repays, all in one transaction on the pools of the protocol's chain (it reverts if it cannot repay)",
      ),
    id: id.describe('adversary id, used in reports'),
    protocol: id.describe('id of the lending protocol attacked (a protocols[] entry of type lending)'),
    pool: id.describe(
      "id of the constant-product pool pushed down (normally the pool a spot or TWAP oracle reads): a cpamm venue of the protocol's chain trading its collateral, since an atomic transaction trades only on-chain pools of its own chain",
    ),
    atBlock: blockIndex.describe(
      'block whose step 6 sends the attack transaction (with holdBlocks > 0: the first push)',
    ),
    pushUsd: positive.describe(
      'collateral sold into the pool at the first push, USD at the fundamental price (units = pushUsd / fundamental)',
    ),
    flashFeeBps: nonNegative
      .max(1000)
      .default(5)
      .describe(
        'flash-loan premium on every amount flash-borrowed, basis points (Aave v3 FLASHLOAN_PREMIUM_TOTAL: 5 = 0.05%)',
      ),
    holdBlocks: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(0)
      .describe(
        '0 = a flash loan, everything in one transaction; H > 0 = keep the pool pushed with own collateral for H more blocks ' +
          "(each block sells enough to bring the pool back to the first push's price), liquidating every block, and unwind in the last",
      ),
    capitalUsd: nonNegative
      .default(0)
      .describe(
        'with holdBlocks > 0: most own collateral sold and not yet bought back, USD at the fundamental when sold; must cover pushUsd',
      ),
    repayLimitUsd: positive
      .default(100_000_000)
      .describe(
        'most debt asset flash-borrowed per transaction to repay liquidated debt, USD (only what is used is borrowed and pays the premium)',
      ),
    gasUnits: nonNegative
      .default(1_500_000)
      .describe(
        'gas units of each attack transaction besides its liquidation calls (loans, swaps, repayment); paid even when it reverts',
      ),
    liquidationGasUnits: z
      .number()
      .min(10_000)
      .max(10_000_000)
      .default(400_000)
      .describe(
        'gas units of each liquidation call in an attack transaction (liquidationCall and the swap of what it seized, as keepers[].gasUnits)',
      ),
    maxGasUnits: positive
      .max(1e10)
      .default(30_000_000)
      .describe(
        'most gas one attack transaction may use: the block gas limit (Ethereum: 30M); it bounds the liquidation calls to ' +
          'floor((maxGasUnits − gasUnits) / liquidationGasUnits)',
      ),
    priorityFeeGwei: nonNegative
      .default(50)
      .describe("tip per gas unit, gwei; above the keepers' so the attack runs first in its block"),
  })
  .refine((s) => s.maxGasUnits >= s.gasUnits, {
    message: 'maxGasUnits must be at least gasUnits',
    path: ['maxGasUnits'],
  })
  .refine((s) => s.holdBlocks === 0 || s.capitalUsd >= s.pushUsd, {
    message: 'with holdBlocks > 0 the first push comes from own capital: capitalUsd must be at least pushUsd',
    path: ['capitalUsd'],
  })
  .describe('flash-loan oracle-manipulation adversary');

/**
 * A validated flash-loan spec, defaults filled in.
 *
 * @example const spec: FlashLoanAdversarySpec = flashLoanAdversarySchema.parse(raw);
 */
export type FlashLoanAdversarySpec = z.infer<typeof flashLoanAdversarySchema>;

/**
 * A pump-and-borrow attacker (Mango Markets, October 2022): buys an illiquid collateral in the thin venue its
 * oracle reads, deposits it and borrows as much of the debt asset as the inflated price allows, then walks away.
 *
 * @example
 * const spec = pumpAndBorrowAdversarySchema.parse({
 *   type: 'pump-and-borrow', id: 'mango', protocol: 'lend', pool: 'thin', atBlock: 5, capitalUsd: 1e6, borrowLimitUsd: 1e7,
 * });
 * spec.pumpBlocks; // 1
 */
export const pumpAndBorrowAdversarySchema = z
  .strictObject({
    type: z
      .literal('pump-and-borrow')
      .describe(
        'a Mango-style attacker: pumps a thin collateral with its own capital, borrows against it at the inflated oracle price and walks away',
      ),
    id: id.describe('adversary id, used in reports'),
    protocol: id.describe(
      'id of the lending protocol attacked (a protocols[] entry of type lending); the world needs a spare account slot',
    ),
    pool: id.describe("id of the thin venue the collateral is bought on; it must trade the protocol's collateral"),
    atBlock: blockIndex.describe('block whose step 6 sends the first purchase'),
    capitalUsd: positive.describe(
      'own funds spent buying the collateral, USD of the quote asset, split evenly over pumpBlocks',
    ),
    pumpBlocks: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(1)
      .describe('purchases are spread over this many consecutive blocks; the last one also deposits and borrows'),
    borrowLimitUsd: positive.describe(
      'most debt asset the protocol can lend (its available liquidity), USD; the borrow never exceeds it',
    ),
    gasUnits: nonNegative
      .default(800_000)
      .describe('gas units of each transaction (swap; in the last one also deposit and borrow)'),
    priorityFeeGwei: nonNegative
      .default(50)
      .describe("tip per gas unit, gwei; above the keepers' so the attack runs first in its block"),
  })
  .describe('pump-and-borrow adversary');

/**
 * A validated pump-and-borrow spec, defaults filled in.
 *
 * @example const spec: PumpAndBorrowAdversarySpec = pumpAndBorrowAdversarySchema.parse(raw);
 */
export type PumpAndBorrowAdversarySpec = z.infer<typeof pumpAndBorrowAdversarySchema>;
