import { z } from 'zod';

// Parameters of an off-chain venue's `bounded` impact law (src/market/venues/impact-bounded.ts; docs/impact.md).
// Defaults mirror BOUNDED_IMPACT_DEFAULTS there (the scenario layer cannot import the market layer).

/** Fields of the off-chain venue read only when `impact` is `bounded`. */
export const boundedImpactFields = {
  crossoverDepths: z
    .number()
    .min(1)
    .max(1e6)
    .default(2)
    .describe(
      'bounded impact: net flow, in depths (multiples of depthUsdPer1Pct), up to which impact is linear (every depth moves the price 1%); ' +
        'beyond it the square-root law (Tóth et al. 2011), continuous in value and slope at the crossover. At least 1, so depthUsdPer1Pct keeps its meaning',
    ),
  valueBuyersFromPct: z
    .number()
    .min(1)
    .lt(100)
    .default(5)
    .describe(
      'bounded impact: gap between the market and the fundamental, %, at which value buyers (value sellers above the fundamental) start to absorb net flow',
    ),
  maxGapPct: z
    .number()
    .gt(1)
    .lt(100)
    .default(25)
    .describe(
      'bounded impact: gap from the fundamental, %, that no net flow reaches: value buyers take a share of each further sale that rises to 1 there ' +
        '(after net purchases the price stays below fundamental/(1 − maxGapPct/100)); must exceed valueBuyersFromPct',
    ),
  valueBuyersHalfwayDepths: z
    .number()
    .positive()
    .max(1e9)
    .default(50)
    .describe(
      'bounded impact: net flow, in depths, value buyers have absorbed when the gap is halfway from valueBuyersFromPct to maxGapPct (their demand is h·(s − u)/(u − b), u = price/fundamental)',
    ),
};
