import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario } from '../../scenario/load.js';
import { loadScenarioWithBooks } from '../../scenario/book-files.js';
import { attribution } from '../../attribution/cascade-generations.js';
import { buildWorld } from '../../world/build-world.js';
import { LiveBook } from './live-book.js';
import { ProtocolBook } from './protocol-book.js';
import { densityBuckets, densityBucketsByScan } from './book-queries.js';
import type { Update } from './messages.js';

const SCENARIO = 'scenarios/thin-pool-shock.yaml';
const empty = () => LiveBook.fromScenario(loadScenario(SCENARIO).scenario, { startEmpty: true });
const open = (account: string, collateral: number, debt: number): Update => ({
  type: 'position',
  op: 'open',
  protocol: 'lend',
  account,
  collateral,
  debt,
});
const price = (asset: string, p: number): Update => ({ type: 'price', asset, price: p });

describe('live book: hand-derived health', () => {
  // thin-pool-shock: lend, collateral ETH at 2000, debt USDC at 1, liquidationThreshold 0.825.
  it('gives the Aave health factor and liquidation price of an account', () => {
    const book = empty();
    book.apply([open('a', 1, 1500)]);
    const status = book.accountStatus('lend', 'a');
    // HF = 1·2000·0.825 / 1500 = 1.1; liquidation price = 1500 / (1·0.825) = 1818.1818…
    expect(status?.healthFactor).toBeCloseTo(1.1, 12);
    expect(status?.liquidationPrice).toBeCloseTo(1818.181818181818, 9);
    expect(status?.unsafe).toBe(false);
    expect(book.accountStatus('lend', 'nobody')).toBeNull();
  });

  it('moves accounts into and out of the unsafe set as the price falls and rises', () => {
    const book = empty();
    // a: liquidation price 1818.18; b: 1000 / (2·0.825) = 606.06.
    book.apply([open('a', 1, 1500), open('b', 2, 1000)]);
    let s = book.summary().protocols[0];
    expect([s.accounts, s.debtUsd, s.collateralUsd, s.unsafeAccounts]).toEqual([2, 2500, 6000, 0]);
    book.apply([price('ETH', 1800)]);
    s = book.summary().protocols[0];
    expect([s.unsafeAccounts, s.unsafeDebtUsd, s.unsafeCollateralUsd]).toEqual([1, 1500, 1800]);
    expect(book.accountStatus('lend', 'a')?.healthFactor).toBeCloseTo((1800 * 0.825) / 1500, 12); // 0.99
    expect(book.unsafe('lend', 10).top.map((a) => a.account)).toEqual(['a']);
    book.apply([price('ETH', 1900)]);
    s = book.summary().protocols[0];
    expect([s.unsafeAccounts, s.unsafeDebtUsd, s.unsafeCollateralUsd]).toEqual([0, 0, 0]);
    // At exactly its liquidation price an account is safe (liquidatable only strictly below it).
    book.apply([price('ETH', 500), open('c', 1, 500)]); // c: 500/0.825 = 606.06… > 500, unsafe
    expect(book.summary().protocols[0].unsafeAccounts).toBe(3);
    const exact = 1000 / (2 * 0.825);
    book.apply([price('ETH', exact)]);
    expect(book.accountStatus('lend', 'b')?.unsafe).toBe(false);
    expect(book.accountStatus('lend', 'a')?.unsafe).toBe(true);
  });

  it('opens, changes and closes accounts, reusing closed slots', () => {
    const book = empty();
    book.apply([open('a', 1, 1500), open('b', 2, 1000)]);
    // a: collateral 0.9 → liquidation price 1500/(0.9·0.825) = 2020.2 > 2000: unsafe.
    book.apply([{ type: 'position', op: 'change', protocol: 'lend', account: 'a', collateral: 0.9 }]);
    expect(book.accountStatus('lend', 'a')?.unsafe).toBe(true);
    expect(book.summary().protocols[0].unsafeDebtUsd).toBe(1500);
    expect(book.summary().protocols[0].collateralUsd).toBeCloseTo(2.9 * 2000, 9);
    book.apply([{ type: 'position', op: 'change', protocol: 'lend', account: 'a', debt: 1000 }]);
    expect(book.accountStatus('lend', 'a')?.unsafe).toBe(false); // 1000/(0.9·0.825) = 1346.8
    book.apply([{ type: 'position', op: 'close', protocol: 'lend', account: 'a' }]);
    book.apply([open('c', 3, 0)]);
    const rows = book.rows('lend');
    expect(rows.account).toEqual(['c', 'b']); // c took a's slot
    expect(Array.from(rows.collateral)).toEqual([3, 2]);
    // Without names (a book about to be merged): the same amounts, no names copied.
    const amounts = book.rows('lend', false);
    expect([amounts.account, Array.from(amounts.collateral), Array.from(amounts.debt)]).toEqual([
      [],
      [3, 2],
      [0, 1000],
    ]);
    const s = book.summary().protocols[0];
    expect([s.accounts, s.debtUsd, s.collateralUsd]).toEqual([2, 1000, 10000]);
    expect(book.accountStatus('lend', 'c')).toEqual({ healthFactor: null, liquidationPrice: 0, unsafe: false });
    expect(book.sequence).toBe(6);
  });

  it('reads the debt price: a dearer debt asset raises every liquidation price', () => {
    const book = empty();
    book.apply([open('a', 1, 1500), price('USDC', 1.25)]);
    // 1500·1.25 / 0.825 = 2272.7 > 2000.
    expect(book.accountStatus('lend', 'a')).toMatchObject({ unsafe: true });
    expect(book.accountStatus('lend', 'a')?.liquidationPrice).toBeCloseTo(2272.7272727, 6);
    expect(book.summary().protocols[0].unsafeDebtUsd).toBeCloseTo(1875, 9);
  });

  it('reindexes on a new threshold', () => {
    const book = empty();
    book.apply([open('a', 1, 1500), price('ETH', 1800)]);
    book.setThreshold('lend', 0.9, 0.07); // 1500/0.9 = 1666.7 < 1800
    expect(book.accountStatus('lend', 'a')?.unsafe).toBe(false);
    expect(book.summary().protocols[0]).toMatchObject({ liquidationThreshold: 0.9, liquidationBonus: 0.07 });
    expect(() => book.setThreshold('lend', 1.2)).toThrow(/liquidationThreshold: must be from 0 to below 1/);
  });

  it('maps liquidation density and health', () => {
    const book = empty();
    // Liquidation prices: a 1818.18, b 606.06, d 1500/(1·0.825)·(1/1.2)… d: 1200/0.825 = 1454.5; e no debt.
    book.apply([open('a', 1, 1500), open('b', 2, 1000), open('d', 1, 1200), open('e', 1, 0)]);
    const map = book.density('lend', { buckets: 10, rangePct: 50 });
    expect(map.price).toBe(2000);
    // Buckets of 100 USD from 1000: a in [1800, 1900) (index 8), d in [1400, 1500) (index 4); b below the range.
    expect(map.buckets[0].priceLow).toBe(1000);
    expect(map.buckets[9].priceHigh).toBe(2000);
    expect(map.buckets.map((b) => b.accounts)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
    expect(map.buckets[8]).toMatchObject({ debtUsd: 1500, collateralUsd: 2000 });
    expect(() => book.density('lend', { buckets: 0 })).toThrow(/buckets: must be an integer from 1 to 1000/);
    expect(() => book.density('nope')).toThrow(/protocol: unknown 'nope'; allowed: lend/);
    // Health factors: a 1.1, b 3.3, d 1.375; e has no debt.
    const health = book.healthDistribution('lend').buckets;
    expect(health.map((b) => b.accounts)).toEqual([0, 0, 0, 1, 1, 0, 0, 1]);
    expect(health[7]).toEqual({ healthLow: 3, healthHigh: null, accounts: 1, debtUsd: 1000 });
  });
});

describe('live book from a scenario', () => {
  it('takes a file book under its account names, as the simulator places it', async () => {
    const loaded = await loadScenarioWithBooks('scenarios/book-from-file.yaml');
    const book = LiveBook.fromScenario(loaded.scenario, { baseDir: loaded.dir });
    const world = buildWorld(loaded.scenario, { attribution, baseDir: loaded.dir });
    const rows = book.rows('lend');
    expect(rows.account.length).toBe(300);
    expect(rows.account[0]).toBe('b000'); // the file's first account
    expect(Array.from(rows.debt)).toEqual(Array.from(world.protocols[0].book.debt.subarray(0, 300)));
  });

  it('starts from the same block-0 borrowers as the simulator', () => {
    const { scenario } = loadScenario(SCENARIO, ['protocols.0.borrowers.count=500']);
    const book = LiveBook.fromScenario(scenario);
    const world = buildWorld(scenario, { attribution });
    const simulated = world.protocols[0].book;
    const rows = book.rows('lend');
    expect(rows.account.length).toBe(500);
    expect(rows.account[0]).toBe('b0');
    expect(rows.account[499]).toBe('b499');
    expect(Array.from(rows.collateral)).toEqual(Array.from(simulated.collateral.subarray(0, 500)));
    expect(Array.from(rows.debt)).toEqual(Array.from(simulated.debt.subarray(0, 500)));
    expect(book.summary().prices).toEqual({ ETH: 2000, USDC: 1 });
    expect(book.gasGwei()).toBe(20);
    expect(book.depth('cex')).toEqual({ depthUsdPer1Pct: 2_000_000 });
    expect(book.depth('pool')).toEqual({ liquidityUsd: 4_000_000 });
    // Health factors are drawn from [1.02, 2.5]: nobody is unsafe at block 0.
    expect(book.summary().protocols[0].unsafeAccounts).toBe(0);
  });
});

/** Unsafe set and totals by a full scan: unsafe when debt/(collateral·LT) > collateral price / debt price. */
function naive(book: ProtocolBook) {
  let accounts = 0;
  let collateral = 0;
  let debt = 0;
  const unsafe: string[] = [];
  let unsafeCollateral = 0;
  let unsafeDebt = 0;
  for (let slot = 0; slot < book.slots; slot++) {
    const name = book.names[slot];
    if (name === undefined) continue;
    const c = book.collateral[slot];
    const d = book.debt[slot];
    accounts++;
    collateral += c;
    debt += d;
    const liquidationPrice = d <= 0 ? 0 : c <= 0 ? Infinity : d / (c * book.liquidationThreshold);
    if (liquidationPrice > book.ratio) {
      unsafe.push(name);
      unsafeCollateral += c;
      unsafeDebt += d;
    }
  }
  return { accounts, collateral, debt, unsafe: unsafe.sort(), unsafeCollateral, unsafeDebt };
}

describe('live book against a full scan', () => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('position' as const),
      account: fc.integer({ min: 0, max: 60 }),
      collateral: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })),
      debt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2e5, noNaN: true })),
      which: fc.integer({ min: 0, max: 3 }),
    }),
    fc.record({
      kind: fc.constant('price' as const),
      asset: fc.constantFrom('ETH', 'ETH', 'ETH', 'USDC'),
      price: fc.double({ min: 0.5, max: 5000, noNaN: true }),
    }),
  );

  it('keeps the unsafe set and totals equal to a naive recomputation through random updates and ticks', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 150 }), (ops) => {
        const book = empty();
        for (const o of ops) {
          let u: Update;
          if (o.kind === 'price') u = price(o.asset, o.asset === 'USDC' ? 0.5 + o.price / 5000 : o.price);
          else {
            const account = `x${o.account}`;
            const exists = book.hasAccount('lend', account);
            if (!exists) u = open(account, o.collateral, o.debt);
            else if (o.which === 0) u = { type: 'position', op: 'close', protocol: 'lend', account };
            else if (o.which === 1)
              u = { type: 'position', op: 'change', protocol: 'lend', account, collateral: o.collateral };
            else if (o.which === 2) u = { type: 'position', op: 'change', protocol: 'lend', account, debt: o.debt };
            else
              u = { type: 'position', op: 'change', protocol: 'lend', account, collateral: o.collateral, debt: o.debt };
          }
          book.apply([u]);
          const pb = book.protocolBook('lend');
          const expected = naive(pb);
          const t = pb.totals();
          const unsafe = [...pb.unsafeSlots()].map((slot) => pb.names[slot] as string).sort();
          expect(unsafe).toEqual(expected.unsafe);
          expect(t.accounts).toBe(expected.accounts);
          expect(t.unsafeAccounts).toBe(expected.unsafe.length);
          for (const [got, want] of [
            [t.collateral, expected.collateral],
            [t.debt, expected.debt],
            [t.unsafeCollateral, expected.unsafeCollateral],
            [t.unsafeDebt, expected.unsafeDebt],
          ])
            expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          for (const name of unsafe) expect(book.accountStatus('lend', name)?.unsafe).toBe(true);
          // The largest unsafe accounts: by debt, descending, then by name.
          const byDebt = [...pb.unsafeSlots()]
            .map((slot) => ({ name: pb.names[slot] as string, debt: pb.debt[slot] }))
            .sort((a, b) => b.debt - a.debt || (a.name < b.name ? -1 : 1))
            .slice(0, 5)
            .map((a) => a.name);
          expect(book.unsafe('lend', 5).top.map((a) => a.account)).toEqual(byDebt);
        }
      }),
      { seed: 1818, numRuns: 150 },
    );
  });

  it('refuses a book whose account names repeat', () => {
    const book = new ProtocolBook(0.8, 1000);
    expect(() => book.load(['a', 'b', 'a'], [1, 1, 1], [1, 1, 1], [])).toThrow(/an account name appears twice/);
  });

  it('stays equal to a full scan past its first capacity (doubling)', () => {
    const book = new ProtocolBook(0.8, 1000, 16);
    for (let i = 0; i < 3000; i++) book.open(`a${i}`, 1 + (i % 7), 500 + ((i * 37) % 900));
    for (let i = 0; i < 3000; i += 3) book.close(`a${i}`);
    for (const ratio of [900, 1200, 700, 1100]) {
      book.setRatio(ratio);
      const expected = naive(book);
      expect([...book.unsafeSlots()].map((s) => book.names[s] as string).sort()).toEqual(expected.unsafe);
      expect(book.totals().unsafeDebt).toBeCloseTo(expected.unsafeDebt, 6);
      expect(book.totals().accounts).toBe(2000);
      const prices = { price: ratio, debtPrice: 1, liquidationThreshold: 0.8 };
      expect(densityBuckets(book, prices, 20, 60)).toEqual(densityBucketsByScan(book, prices, 20, 60));
    }
  });
});
