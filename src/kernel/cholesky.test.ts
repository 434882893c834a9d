import { describe, expect, it } from 'vitest';
import { choleskyLower } from './cholesky.js';

describe('choleskyLower', () => {
  it('factors a 2 × 2 correlation matrix as [[1, 0], [ρ, √(1 − ρ²)]]', () => {
    const rho = 0.6;
    expect(
      choleskyLower(
        [
          [1, rho],
          [rho, 1],
        ],
        'c',
      ),
    ).toEqual([
      [1, 0],
      [rho, Math.sqrt(1 - rho * rho)],
    ]);
  });

  it('factors the equicorrelated 3 × 3 matrix (ρ = 0.5) by hand: L22 = √0.75, L32 = 0.25/√0.75, L33 = √(2/3)', () => {
    const lower = choleskyLower(
      [
        [1, 0.5, 0.5],
        [0.5, 1, 0.5],
        [0.5, 0.5, 1],
      ],
      'c',
    );
    const expected = [
      [1, 0, 0],
      [0.5, Math.sqrt(0.75), 0],
      [0.5, 0.25 / Math.sqrt(0.75), Math.sqrt(2 / 3)],
    ];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(lower[i][j]).toBeCloseTo(expected[i][j], 15);
  });

  it('rejects a matrix that is not positive definite, naming the leading block that fails', () => {
    const impossible = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ];
    expect(() => choleskyLower(impossible, 'correlations')).toThrow(
      /correlations: not positive definite \(the leading 3 × 3 block/,
    );
    expect(() =>
      choleskyLower(
        [
          [1, 1],
          [1, 1],
        ],
        'c',
      ),
    ).toThrow(/leading 2 × 2/);
  });

  it('names the entry that is asymmetric, off the unit diagonal, out of [-1, 1] or the row of the wrong length', () => {
    expect(() =>
      choleskyLower(
        [
          [1, 0.2],
          [0.3, 1],
        ],
        'c',
      ),
    ).toThrow(/entries \(2, 1\) = 0.3 and \(1, 2\) = 0.2 differ/);
    expect(() =>
      choleskyLower(
        [
          [1, 0],
          [0, 2],
        ],
        'c',
      ),
    ).toThrow(/diagonal entry \(2, 2\) is 2; it must be 1/);
    expect(() =>
      choleskyLower(
        [
          [1, 1.5],
          [1.5, 1],
        ],
        'c',
      ),
    ).toThrow(/entry \(2, 1\) is 1.5; a correlation is in \[-1, 1\]/);
    expect(() => choleskyLower([[1, 0], [0]], 'c')).toThrow(/row 2 has 1 entries/);
  });
});
