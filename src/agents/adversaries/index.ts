import type { AdversaryWorld } from './adversary-world.js';
import type { AdversarySpec } from '../../scenario/schema.js';
import type { Adversary } from './adversary.js';
import { createFlashLoanAttacker } from './flash-loan.js';
import { createPumpAndBorrowAttacker } from './pump-and-borrow.js';
import { createCascadeHunter } from './cascade-hunter.js';

/**
 * The adversary a scenario entry describes, in `world`.
 *
 * @example world.adversaries.push(...scenario.adversaries.map((spec) => buildAdversary(spec, world)));
 */
export function buildAdversary(spec: AdversarySpec, world: AdversaryWorld): Adversary {
  switch (spec.type) {
    case 'flash-loan':
      return createFlashLoanAttacker(spec, world);
    case 'pump-and-borrow':
      return createPumpAndBorrowAttacker(spec, world);
    case 'cascade-hunter':
      return createCascadeHunter(spec, world);
  }
}

/**
 * Empty account slots each lending protocol needs past its population: one per adversary that opens a position
 * (pump-and-borrow).
 *
 * @example spareAccountsFor(scenario.adversaries) // 1
 */
export function spareAccountsFor(specs: readonly AdversarySpec[]): number {
  return specs.filter((spec) => spec.type === 'pump-and-borrow').length;
}
