import type { LendingSpec } from './schema.js';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ScenarioError } from '../kernel/errors.js';
import { loadScenario, parseScenario } from './load.js';
import { ScenarioProblems } from './problems.js';

// Line numbers are given on the right; every position asserted below was counted by hand from them.
const fixture = [
  'name: thin-market', //                 1
  'blocks: 300', //                       2
  'chain:', //                            3
  '  nativeAsset: ETH', //                4
  'assets:', //                           5
  '  - symbol: ETH', //                   6
  '    price:', //                        7
  '      model: shock', //                8
  '      initial: 3000', //               9
  '      dropPct: 30', //                10
  '      dropMinutes: 5', //             11
  '  - symbol: USDC', //                 12
  '    price:', //                       13
  '      model: constant', //            14
  '      initial: 1', //                 15
  'venues:', //                          16
  '  - type: offchain', //               17
  '    id: cex', //                      18
  '    base: ETH', //                    19
  '    quote: USDC', //                  20
  '    depthUsdPer1Pct: 2000000', //     21
  '  - type: cpamm', //                  22
  '    id: pool', //                     23
  '    base: ETH', //                    24
  '    quote: USDC', //                  25
  '    liquidityUsd: 20000000', //       26
  'oracles:', //                         27
  '  - id: eth-usd', //                  28
  '    asset: ETH', //                   29
  '    sources: [cex, pool]', //         30
  'protocols:', //                       31
  '  - type: lending', //                32
  '    id: lend', //                     33
  '    collateral: ETH', //              34
  '    debt: USDC', //                   35
  '    oracle: eth-usd', //              36
  '    ltv: 0.8', //                     37
  '    liquidationThreshold: 0.825', //  38
  '    liquidationBonus: 0.05', //       39
  '    borrowers:', //                   40
  '      count: 1000', //                41
  '      collateralUsd:', //             42
  '        median: 10000', //            43
  '      healthFactor:', //              44
  '        min: 1.05', //                45
  '        max: 2', //                   46
  'keepers:', //                         47
  '  - id: k1', //                       48
  '    capitalUsd: 500000', //           49
  '',
].join('\n');

/** The fixture with some lines (1-based) replaced; a replacement may span several lines, `null` deletes. */
function edit(changes: Record<number, string | null>): string {
  return fixture
    .split('\n')
    .flatMap((line, i) => {
      const change = changes[i + 1];
      return change === undefined ? [line] : change === null ? [] : change.split('\n');
    })
    .join('\n');
}

/** The ScenarioError thrown by `fn`. Fails the test when nothing, or something else, is thrown. */
function scenarioError(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected a ScenarioError, but nothing was thrown');
}

/** The message lines of the error raised when parsing `text` as `t.yaml`. */
function problems(text: string, overrides: string[] = []): string[] {
  return scenarioError(() => parseScenario(text, 't.yaml', overrides)).message.split('\n');
}

const temp = mkdtempSync(join(tmpdir(), 'cascade-scenario-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('loading a valid scenario', () => {
  it('parses the YAML fixture and fills in defaults', () => {
    const scenario = parseScenario(fixture, 't.yaml');
    expect(scenario.name).toBe('thin-market');
    expect(scenario.blocks).toBe(300);
    expect(scenario.description).toBe('');
    expect(scenario.seed).toBe(1);
    expect(scenario.chain).toEqual({ nativeAsset: 'ETH', blockTimeSeconds: 12, gasPriceGwei: 20 });
    expect(scenario.assets[0].price).toEqual({
      model: 'shock',
      initial: 3000,
      dropPct: 30,
      dropMinutes: 5,
      startMinute: 0,
      holdMinutes: 0,
      recoveryPct: 0,
      recoveryMinutes: 0,
      volatilityAnnual: 0,
    });
    expect(scenario.venues[0]).toMatchObject({
      type: 'offchain',
      impact: 'bounded',
      crossoverDepths: 2,
      valueBuyersFromPct: 5,
      maxGapPct: 25,
      valueBuyersHalfwayDepths: 50,
      resilienceHalfLifeSeconds: 600,
      feeBps: 0,
    });
    expect(scenario.venues[1]).toMatchObject({ type: 'cpamm', feeBps: 30 });
    expect(scenario.oracles[0]).toMatchObject({ deviationPct: 0.5, heartbeatSeconds: 3600, delayBlocks: 0 });
    expect(scenario.protocols[0]).toMatchObject({
      closeFactor: 0.5,
      fullCloseBelowHealth: 0.95,
      protocolFeeShare: 0.1,
      insuranceFundUsd: 0,
    });
    expect((scenario.protocols[0] as LendingSpec).borrowers).toMatchObject({
      collateralUsd: { median: 10000, sigma: 1 },
    });
    expect(scenario.keepers[0]).toEqual({
      id: 'k1',
      capitalUsd: 500000,
      gasUnits: 400_000,
      latencyBlocks: 0,
      minProfitUsd: 0,
      priorityFeeGwei: 2,
      maxLiquidationsPerBlock: 1000,
      auctionBidding: 'value',
      gasBidding: 'fixed',
      revertGasUnits: 30_000,
      maxTxGas: 5_000_000,
      routing: 'best-venue',
    });
    expect(scenario.arbitrageurs).toEqual([]);
    expect(scenario.record).toEqual({ healthSample: 1000 });
  });

  it('loads the same scenario from .yaml, .yml and tab-indented .json files', () => {
    const json = JSON.stringify(parse(fixture), null, '\t');
    writeFileSync(join(temp, 'a.yaml'), fixture);
    writeFileSync(join(temp, 'a.yml'), fixture);
    writeFileSync(join(temp, 'a.json'), json);
    const fromYaml = loadScenario(join(temp, 'a.yaml'));
    const fromYml = loadScenario(join(temp, 'a.yml'));
    const fromJson = loadScenario(join(temp, 'a.json'));
    expect(fromJson.scenario).toEqual(fromYaml.scenario);
    expect(fromYml.scenario).toEqual(fromYaml.scenario);
    expect(fromYaml.scenario.keepers[0].gasUnits).toBe(400_000);
    expect(fromJson.file).toBe(join(temp, 'a.json'));
    expect(fromJson.dir).toBe(temp);
  });

  it('reports JSON errors with line and column', () => {
    const json = ['{', '\t"name": "x",', '\t"blocks": 0', '}', ''].join('\n');
    const lines = scenarioError(() => parseScenario(json, 'bad.json')).message.split('\n');
    // `\t"blocks": 0`: tab (1), `"blocks":` (2-10), space (11), value at 12.
    expect(lines).toContain('bad.json:3:12: blocks: must be from 1 to 10000000 (got 0)');
    // Missing fields point at the enclosing mapping, here the root `{` at 1:1.
    expect(lines).toContain('bad.json:1:1: chain: required (a mapping with required fields nativeAsset)');
  });
});

describe('schema errors point at the offending node and name what is allowed', () => {
  it('a number out of range states the whole allowed range, as the docs word it', () => {
    // `    liquidationBonus: ` is 4 + 17 + 1 characters, so the value starts at column 23.
    expect(problems(edit({ 39: '    liquidationBonus: 1.5' }))).toEqual([
      't.yaml:39:23: protocols.0.liquidationBonus: must be from 0 to 1 (got 1.5)',
    ]);
    expect(problems(edit({ 39: '    liquidationBonus: -0.1' }))).toEqual([
      't.yaml:39:23: protocols.0.liquidationBonus: must be from 0 to 1 (got -0.1)',
    ]);
    // An integer range: `blocks: ` is 8 characters.
    expect(problems(edit({ 2: 'blocks: 20000000' }))).toEqual([
      't.yaml:2:9: blocks: must be from 1 to 10000000 (got 20000000)',
    ]);
  });

  it('exclusive bounds, on either side', () => {
    // `initial` must be > 0 (`      initial: ` is 15 characters).
    expect(problems(edit({ 9: '      initial: 0' }))).toEqual([
      't.yaml:9:16: assets.0.price.initial: must be from 1e-9 to 1e9 (got 0): a run moves a price up to 1e12 times either way, and prices times amounts must stay finite float64 numbers',
    ]);
    // ltv 1 also breaks liquidationThreshold ≥ ltv, which is reported at the threshold.
    expect(problems(edit({ 37: '    ltv: 1' }))).toEqual([
      't.yaml:37:10: protocols.0.ltv: must be ≥ 0 and < 1 (got 1)',
      't.yaml:38:27: protocols.0.liquidationThreshold: must be ≥ ltv (1) (got 0.825)',
    ]);
  });

  it('a bound on one side only names that bound', () => {
    // `    capitalUsd: ` is 16 characters; `      dropMinutes: ` is 19.
    expect(problems(edit({ 49: '    capitalUsd: 0' }))).toEqual([
      't.yaml:49:17: keepers.0.capitalUsd: must be > 0 and ≤ 1e15 (got 0)',
    ]);
    expect(problems(edit({ 11: '      dropMinutes: -5' }))).toEqual([
      't.yaml:11:20: assets.0.price.dropMinutes: must be ≥ 0 (got -5)',
    ]);
  });

  it('an unknown field (at its key) and the missing field it replaced (at the parent mapping)', () => {
    expect(problems(edit({ 21: '    depthUsd: 2000000' }))).toEqual([
      't.yaml:17:5: venues.0.depthUsdPer1Pct: required (a number from 1 to 1e15)',
      't.yaml:21:5: venues.0.depthUsd: unknown field; allowed fields: type, id, chain, base, quote, depthUsdPer1Pct, impact, crossoverDepths, valueBuyersFromPct, maxGapPct, valueBuyersHalfwayDepths, resilienceHalfLifeSeconds, feeBps',
    ]);
  });

  it('lists the fields of the chosen variant of a union', () => {
    expect(problems(edit({ 26: '    liquidityUsd: 20000000\n    impact: sqrt' }))).toEqual([
      't.yaml:27:5: venues.1.impact: unknown field; allowed fields: type, id, chain, base, quote, liquidityUsd, feeBps',
    ]);
  });

  it('a value outside an enum', () => {
    expect(problems(edit({ 21: '    depthUsdPer1Pct: 2000000\n    impact: cubic' }))).toEqual([
      't.yaml:22:13: venues.0.impact: must be one of linear, sqrt, bounded (got "cubic")',
    ]);
  });

  it('an unknown price model lists the allowed models', () => {
    expect(problems(edit({ 8: '      model: foo' }))).toEqual([
      't.yaml:8:14: assets.0.price.model: must be one of gbm, jump-diffusion, shock, bridge, csv, constant, pegged, ou (got "foo")',
    ]);
  });

  it('a missing price model points at the price mapping', () => {
    // With line 8 deleted, the price mapping starts at `initial` on (new) line 8, column 7.
    expect(problems(edit({ 8: null }))).toEqual([
      't.yaml:8:7: assets.0.price.model: required (one of gbm, jump-diffusion, shock, bridge, csv, constant, pegged, ou)',
    ]);
  });

  it('a missing required top-level field points at the root mapping', () => {
    expect(problems(edit({ 2: null }))).toEqual(['t.yaml:1:1: blocks: required (an integer from 1 to 10000000)']);
  });

  it('a value of the wrong type', () => {
    expect(problems(edit({ 2: 'blocks: many' }))).toEqual([
      't.yaml:2:9: blocks: must be an integer from 1 to 10000000 (got "many")',
    ]);
    expect(problems(edit({ 2: 'blocks: 1.5' }))).toEqual([
      't.yaml:2:9: blocks: must be an integer from 1 to 10000000 (got 1.5)',
    ]);
  });

  it('an empty value points at its key', () => {
    expect(problems(edit({ 2: 'blocks:' }))).toEqual([
      't.yaml:2:1: blocks: must be an integer from 1 to 10000000 (got null)',
    ]);
  });

  it('a list that is too short', () => {
    // `    sources: ` is 4 + 8 + 1 characters: the flow sequence starts at column 14.
    expect(problems(edit({ 30: '    sources: []' }))).toEqual([
      't.yaml:30:14: oracles.0.sources: must have at least 1 item (got 0); only a receipt oracle may read no venue',
    ]);
  });

  it('an identifier that breaks the pattern (and the reference that no longer resolves)', () => {
    expect(problems(edit({ 18: '    id: 1cex' }))).toEqual([
      't.yaml:18:9: venues.0.id: must be an identifier: a letter, then letters, digits, _ or - (got "1cex")',
      't.yaml:30:15: oracles.0.sources.0: unknown venue "cex"; known venues: 1cex, pool',
    ]);
  });

  it('a refinement across fields of one mapping points at that mapping', () => {
    expect(problems(edit({ 45: '        min: 3' }))).toEqual([
      't.yaml:45:9: protocols.0.borrowers.healthFactor: min must not exceed max',
    ]);
  });

  it('an empty or non-mapping document', () => {
    expect(problems('')[0]).toMatch(
      /^t\.yaml:1:1: \(top level\): must be a mapping with required fields name, blocks, .* \(got null\)$/,
    );
    expect(problems('- 1\n- 2\n')[0]).toMatch(
      /^t\.yaml:1:1: \(top level\): must be a mapping .*\(got a list of 2 items\)$/,
    );
  });

  it('reports several errors together, sorted by position', () => {
    const lines = problems(edit({ 2: 'blocks: 0', 39: '    liquidationBonus: -1', 49: '    capitalUsd: lots' }));
    expect(lines).toEqual([
      't.yaml:2:9: blocks: must be from 1 to 10000000 (got 0)',
      't.yaml:39:23: protocols.0.liquidationBonus: must be from 0 to 1 (got -1)',
      't.yaml:49:17: keepers.0.capitalUsd: must be a number > 0 and ≤ 1e15 (got "lots")',
    ]);
    const error = scenarioError(() => parseScenario(edit({ 2: 'blocks: 0' }), 't.yaml'));
    expect(error.location).toBe('t.yaml:2:9');
  });
});

describe('YAML syntax errors', () => {
  it('report line and column and stop there', () => {
    // A nested mapping on one line: the parser flags the nested key `a` at column 16 of line 9.
    const lines = problems(edit({ 9: '      initial: a: 1', 39: '    liquidationBonus: 1.5' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^t\.yaml:9:16: /);
  });

  it('report duplicate keys at the duplicate', () => {
    expect(problems(edit({ 30: '    sources: [cex, pool]\n    asset: BTC' }))).toEqual([
      't.yaml:31:5: Map keys must be unique: "asset" was first given at line 29, column 5',
    ]);
  });
});

describe('--set overrides', () => {
  it('set numbers, strings, nested list items and new list items', () => {
    const scenario = parseScenario(fixture, 't.yaml', [
      'keepers.0.capitalUsd=1e6',
      'venues.0.impact=sqrt',
      'protocols.0.borrowers.healthFactor.max=3',
      'chain.gasPriceGwei=50',
      'name=stress test',
      'keepers.1={id: k2, capitalUsd: 5}',
      'record.healthSample=0',
    ]);
    expect(scenario.keepers[0].capitalUsd).toBe(1_000_000);
    expect(scenario.venues[0]).toMatchObject({ type: 'offchain', impact: 'sqrt' });
    expect((scenario.protocols[0] as LendingSpec).borrowers).toMatchObject({ healthFactor: { min: 1.05, max: 3 } });
    expect(scenario.chain.gasPriceGwei).toBe(50);
    expect(scenario.name).toBe('stress test');
    expect(scenario.keepers[1]).toMatchObject({ id: 'k2', capitalUsd: 5, gasUnits: 400_000 });
    expect(scenario.record.healthSample).toBe(0);
  });

  it('apply to files too', () => {
    writeFileSync(join(temp, 'set.yaml'), fixture);
    expect(loadScenario(join(temp, 'set.yaml'), ['blocks=7']).scenario.blocks).toBe(7);
  });

  it('report invalid values against the --set argument', () => {
    expect(problems(fixture, ['chain.foo=1'])).toEqual([
      '--set chain.foo=1: chain.foo: unknown field; allowed fields: blockTimeSeconds, gasPriceGwei, nativeAsset, feeMarket',
    ]);
    expect(problems(fixture, ['keepers.1={id: k2}'])).toEqual([
      '--set keepers.1={id: k2}: keepers.1.capitalUsd: required (a number > 0 and ≤ 1e15)',
    ]);
    const error = scenarioError(() => parseScenario(fixture, 't.yaml', ['blocks=0']));
    expect(error.message).toBe('--set blocks=0: blocks: must be from 1 to 10000000 (got 0)');
    expect(error.location).toBe('--set');
  });

  it('blame a cross-field rule on the --set that gave one of its operands, not on the file line of the other', () => {
    // ltv=2 breaks its own range and liquidationThreshold ≥ ltv; the threshold (0.825) is from the file but fine on its
    // own.
    expect(problems(fixture, ['protocols.0.ltv=2'])).toEqual([
      '--set protocols.0.ltv=2: protocols.0.ltv: must be ≥ 0 and < 1 (got 2)',
      '--set protocols.0.ltv=2: protocols.0.liquidationThreshold: must be ≥ ltv (2) (got 0.825)',
    ]);
    expect(problems(fixture, ['protocols.0.ltv=0.9'])).toEqual([
      '--set protocols.0.ltv=0.9: protocols.0.liquidationThreshold: must be ≥ ltv (0.9) (got 0.825)',
    ]);
    // Both operands set: both arguments are named, in the order given.
    expect(problems(fixture, ['protocols.0.liquidationThreshold=0.85', 'protocols.0.ltv=0.9'])).toEqual([
      '--set protocols.0.liquidationThreshold=0.85, --set protocols.0.ltv=0.9: protocols.0.liquidationThreshold: must be ≥ ltv (0.9) (got 0.85)',
    ]);
    // A --set the rule does not read leaves the problem at the file line.
    expect(problems(edit({ 38: '    liquidationThreshold: 0.7' }), ['protocols.0.liquidationBonus=0.1'])).toEqual([
      't.yaml:38:27: protocols.0.liquidationThreshold: must be ≥ ltv (0.8) (got 0.7)',
    ]);
  });

  it('blame a reference that a --set broke by renaming what it names', () => {
    expect(problems(fixture, ['venues.0.id=cex2'])).toEqual([
      '--set venues.0.id=cex2: oracles.0.sources.0: unknown venue "cex"; known venues: cex2, pool',
    ]);
    expect(problems(fixture, ['venues.1.id=cex'])).toEqual([
      '--set venues.1.id=cex: venues.1.id: duplicate venue id "cex" (first declared at venues.0.id)',
      '--set venues.1.id=cex: oracles.0.sources.1: unknown venue "pool"; known venues: cex',
    ]);
    expect(problems(fixture, ['venues.0.id=pool'])).toEqual([
      // The duplicate is reported at the later venue, whose id comes from the file; the --set made the earlier one
      // clash.
      '--set venues.0.id=pool: venues.1.id: duplicate venue id "pool" (first declared at venues.0.id)',
      '--set venues.0.id=pool: oracles.0.sources.0: unknown venue "cex"; known venues: pool',
    ]);
  });

  it('blame a refinement over a mapping on a --set of a field it names', () => {
    expect(problems(fixture, ['protocols.0.borrowers.healthFactor.min=5'])).toEqual([
      '--set protocols.0.borrowers.healthFactor.min=5: protocols.0.borrowers.healthFactor: min must not exceed max',
    ]);
    const topUp = edit({
      46: [
        '        max: 2', //                   46
        '      topUp:', //                     47
        '        share: 0.3', //               48
        '        belowHealth: 1.2', //         49
        '        targetHealth: 1.1', //        50
        '        reserveShare: 1', //          51
      ].join('\n'),
    });
    // The rule reads targetHealth and belowHealth, not share: the problem stays in the file, with the --set mentioned.
    expect(problems(topUp, ['protocols.0.borrowers.topUp.share=0.5'])).toEqual([
      't.yaml:48:9: protocols.0.borrowers.topUp: targetHealth must exceed belowHealth (after --set protocols.0.borrowers.topUp.share=0.5)',
    ]);
    expect(problems(topUp)).toEqual(['t.yaml:48:9: protocols.0.borrowers.topUp: targetHealth must exceed belowHealth']);
    expect(
      problems(
        edit({ 46: '        max: 2\n      topUp: {share: 0.3, belowHealth: 1.2, targetHealth: 1.5, reserveShare: 1}' }),
        ['protocols.0.borrowers.topUp.targetHealth=1.1'],
      ),
    ).toEqual([
      '--set protocols.0.borrowers.topUp.targetHealth=1.1: protocols.0.borrowers.topUp: targetHealth must exceed belowHealth',
    ]);
  });

  it('blame problems inside mappings and list items a --set created, not the file', () => {
    expect(problems(fixture, ['nosuch.field=1'])).toEqual([
      '--set nosuch.field=1: nosuch: unknown field; allowed fields: name, description, seed, blocks, chain, assets, correlations, commonJumps, venues, oracles, protocols, keepers, arbitrageurs, chains, bridges, bridgeArbitrageurs, stablecoins, protocolOwnedLiquidity, adversaries, record',
    ]);
    expect(problems(fixture, ['chain.extra.deep=1'])).toEqual([
      '--set chain.extra.deep=1: chain.extra: unknown field; allowed fields: blockTimeSeconds, gasPriceGwei, nativeAsset, feeMarket',
    ]);
    // A new list item lacking a required field.
    expect(problems(fixture, ['keepers.1.id=k2'])).toEqual([
      '--set keepers.1.id=k2: keepers.1.capitalUsd: required (a number > 0 and ≤ 1e15)',
    ]);
    // Several --set create the same mapping: the first one created it.
    expect(problems(fixture, ['nosuch.a=1', 'nosuch.b=2'])).toEqual([
      expect.stringMatching(/^--set nosuch\.a=1: nosuch: unknown field; /),
    ]);
  });

  it('mention the --set when a mapping from the file that it changed has a problem of its own', () => {
    // An unknown field written in the file (`extra:` on line 2) is the file's problem, though a --set added to it.
    expect(problems(edit({ 1: 'name: thin-market\nextra:\n  a: 1' }), ['extra.b=2'])).toEqual([
      't.yaml:2:1: extra: unknown field; allowed fields: name, description, seed, blocks, chain, assets, correlations, commonJumps, venues, oracles, protocols, keepers, arbitrageurs, chains, bridges, bridgeArbitrageurs, stablecoins, protocolOwnedLiquidity, adversaries, record (after --set extra.b=2)',
    ]);
  });

  it('report malformed arguments clearly, after the file problems, in argument order', () => {
    const lines = problems(edit({ 2: 'blocks: 0' }), [
      'keepers.0.capitalUsd',
      'name.first=x',
      'venues.cex.feeBps=1',
      'venues.7.feeBps=1',
      'a..b=1',
      'keepers.0={id: [}',
    ]);
    expect(lines).toEqual([
      't.yaml:2:9: blocks: must be from 1 to 10000000 (got 0)',
      '--set keepers.0.capitalUsd: expected path=value, e.g. --set chain.gasPriceGwei=50',
      '--set name.first=x: cannot set name.first: name is "thin-market", not a mapping or list, so it has no "first"',
      '--set venues.cex.feeBps=1: cannot set venues.cex.feeBps: venues is a list and "cex" is not an index (use 0 to 1, or 2 to append)',
      '--set venues.7.feeBps=1: cannot set venues.7.feeBps: venues has 2 item(s); index 7 is out of range (use 0 to 1, or 2 to append)',
      '--set a..b=1: path "a..b" has an empty segment; write segments separated by single dots, e.g. protocols.0.ltv',
      expect.stringMatching(/^--set keepers\.0=\{id: \[\}: value is not valid YAML: /),
    ]);
  });
});

describe('reference errors point at the referring node', () => {
  it('unknown oracle source venue', () => {
    // `    sources: [cex, ` is 19 characters: `cexx` starts at column 20.
    expect(problems(edit({ 30: '    sources: [cex, cexx]' }))).toEqual([
      't.yaml:30:20: oracles.0.sources.1: unknown venue "cexx"; known venues: cex, pool',
    ]);
  });

  it('debt asset without a constant price', () => {
    expect(problems(edit({ 35: '    debt: ETH' }))).toEqual([
      't.yaml:35:11: protocols.0.debt: debt asset "ETH" must use the constant price model (it uses shock)',
    ]);
  });

  it('liquidation threshold below LTV', () => {
    // `    liquidationThreshold: ` is 4 + 21 + 1 characters: the value starts at column 27.
    expect(problems(edit({ 38: '    liquidationThreshold: 0.7' }))).toEqual([
      't.yaml:38:27: protocols.0.liquidationThreshold: must be ≥ ltv (0.8) (got 0.7)',
    ]);
  });

  it('reported together with schema errors', () => {
    expect(
      problems(edit({ 2: 'blocks: -5', 30: '    sources: [cex, cexx]', 38: '    liquidationThreshold: 0.7' })),
    ).toEqual([
      't.yaml:2:9: blocks: must be from 1 to 10000000 (got -5)',
      't.yaml:30:20: oracles.0.sources.1: unknown venue "cexx"; known venues: cex, pool',
      't.yaml:38:27: protocols.0.liquidationThreshold: must be ≥ ltv (0.8) (got 0.7)',
    ]);
  });

  it('a csv price file is looked for beside the scenario file', () => {
    const dir = join(temp, 'csv');
    mkdirSync(dir);
    const file = join(dir, 'csv.yaml');
    writeFileSync(file, edit({ 8: '      model: csv\n      file: eth.csv', 9: null, 10: null, 11: null }));
    const error = scenarioError(() => loadScenario(file));
    // `      file: ` is 12 characters: the value starts at column 13 of line 9.
    expect(error.message).toBe(
      `${file}:9:13: assets.0.price.file: file not found: "eth.csv" (looked for ${join(dir, 'eth.csv')}; paths are relative to the scenario file)`,
    );
    writeFileSync(join(dir, 'eth.csv'), 'timestamp,price\n0,3000\n');
    expect(loadScenario(file).scenario.assets[0].price).toEqual({
      model: 'csv',
      file: 'eth.csv',
      interpolation: 'linear',
    });
  });

  it('a csv price file is read in full: its problems come after the scenario file’s, before the --set ones, in one error', () => {
    const dir = join(temp, 'csv-rows');
    mkdirSync(dir);
    const file = join(dir, 'rows.yaml');
    writeFileSync(
      file,
      edit({ 2: 'blocks: -5', 8: '      model: csv\n      file: data/eth.csv', 9: null, 10: null, 11: null }),
    );
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'eth.csv'), 'timestamp,price\n0,3000\n60,abc\n120,2990\n60,2980\n');
    let error: unknown;
    try {
      loadScenario(file, ['protocols.0.ltv=2']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioProblems);
    const shown = join(dir, 'data', 'eth.csv'); // the scenario's path as given, joined with the csv path
    expect((error as ScenarioProblems).message.split('\n')).toEqual([
      `${file}:2:9: blocks: must be from 1 to 10000000 (got -5)`,
      `${shown}:3: column "price": expected a positive number, got "abc"`,
      `${shown}:5: column "timestamp": expected a time after line 4 ("120"), got "60"`,
      '--set protocols.0.ltv=2: protocols.0.ltv: must be ≥ 0 and < 1 (got 2)',
      '--set protocols.0.ltv=2: protocols.0.liquidationThreshold: must be ≥ ltv (2) (got 0.825)',
    ]);
    expect((error as ScenarioProblems).problems[1]).toEqual({
      file: shown,
      line: 3,
      column: 2,
      field: 'price',
      message: 'expected a positive number, got "abc"',
      text: `${shown}:3: column "price": expected a positive number, got "abc"`,
    });
    writeFileSync(join(dir, 'data', 'eth.csv'), 'timestamp,price\n0,3000\n60,2990\n');
    expect(loadScenario(file, ['blocks=10']).dataFiles).toEqual([{ file: shown, rows: 2 }]);
  });
});

describe('files', () => {
  it('a missing file names the path', () => {
    const missing = join(temp, 'nope.yaml');
    const error = scenarioError(() => loadScenario(missing));
    expect(error.message).toContain(missing);
    expect(error.message).toContain('not found');
  });

  it('a file with another extension is refused', () => {
    writeFileSync(join(temp, 'a.txt'), fixture);
    expect(scenarioError(() => loadScenario(join(temp, 'a.txt'))).message).toContain(
      'must end with .yaml, .yml, .json (got ".txt")',
    );
  });
});
