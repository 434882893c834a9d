/**
 * Model against documented figures: the ratio model/documented and whether it lies within a factor of two. A
 * figure documented as 0 has no ratio; it passes only when the model also gives 0.
 */

/** Widest ratio model/documented accepted either way (a factor of two). */
export const ACCEPTED_FACTOR = 2;

/** One figure compared. */
export interface FigureComparison {
  /** model / documented; null when the documented figure is 0 or the model gave none. */
  ratio: number | null;
  /** True when the model lies outside [documented/2, documented·2] (for a documented 0: when the model is not 0). */
  flagged: boolean;
}

/**
 * Compares a model figure with its documented value.
 *
 * @example compareFigure(11.2, 5.67) // { ratio: 1.975…, flagged: false }
 * @example compareFigure(12, 5) // { ratio: 2.4, flagged: true }
 */
export function compareFigure(model: number | null, documented: number): FigureComparison {
  if (model === null || !Number.isFinite(model)) return { ratio: null, flagged: true };
  if (documented === 0) return { ratio: null, flagged: model !== 0 };
  const ratio = model / documented;
  const flagged = !(ratio >= 1 / ACCEPTED_FACTOR && ratio <= ACCEPTED_FACTOR);
  return { ratio, flagged };
}
