/**
 * Cholesky factor of a correlation matrix, the step that turns independent standard normals z into correlated ones
 * L·z with covariance L·Lᵀ = C (Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 4.2.1).
 */
import { ScenarioError } from './errors.js';

/** Smallest pivot accepted: a pivot at or below it means C is not positive definite (to rounding). */
const MIN_PIVOT = 1e-12;

/**
 * The lower-triangular L with L·Lᵀ = `matrix`, row by row. `matrix` must be a square correlation matrix: symmetric,
 * ones on the diagonal, entries in [−1, 1], and positive definite. `where` names it in errors (e.g. the scenario
 * field).
 *
 * @throws ScenarioError naming the entry or the leading minor that breaks a condition.
 * @example choleskyLower([[1, 0.6], [0.6, 1]], 'correlations'); // [[1, 0], [0.6, 0.8]]
 */
export function choleskyLower(matrix: readonly (readonly number[])[], where: string): number[][] {
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    if (matrix[i].length !== n)
      throw new ScenarioError(`${where}: row ${i + 1} has ${matrix[i].length} entries; the matrix must be ${n} × ${n}`);
    if (matrix[i][i] !== 1)
      throw new ScenarioError(`${where}: diagonal entry (${i + 1}, ${i + 1}) is ${matrix[i][i]}; it must be 1`);
    for (let j = 0; j < i; j++) {
      const v = matrix[i][j];
      if (!(v >= -1 && v <= 1))
        throw new ScenarioError(`${where}: entry (${i + 1}, ${j + 1}) is ${v}; a correlation is in [-1, 1]`);
      if (v !== matrix[j][i])
        throw new ScenarioError(
          `${where}: entries (${i + 1}, ${j + 1}) = ${v} and (${j + 1}, ${i + 1}) = ${matrix[j][i]} differ; the matrix must be symmetric`,
        );
    }
  }
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j][j];
    for (let k = 0; k < j; k++) pivot -= lower[j][k] * lower[j][k];
    if (!(pivot > MIN_PIVOT))
      throw new ScenarioError(
        `${where}: not positive definite (the leading ${j + 1} × ${j + 1} block has a non-positive determinant): no set of prices can have these correlations together`,
      );
    const diagonal = Math.sqrt(pivot);
    lower[j][j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      lower[i][j] = sum / diagonal;
    }
  }
  return lower;
}
