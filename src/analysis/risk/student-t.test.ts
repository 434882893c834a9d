import { describe, expect, it } from 'vitest';
import { studentTQuantile } from './student-t.js';

describe('studentTQuantile', () => {
  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    // ν = 1 is the Cauchy distribution: F(t) = 1/2 + arctan(t)/π, so t_p = tan(π(p − 1/2)).
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 9);
    // ν = 2: F(t) = 1/2 + t/(2√(2 + t²)), so t_p = (2p − 1)/√(2p(1 − p)) = 0.95/√0.04875 at p = 0.975.
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(0.04875), 10);
    expect(studentTQuantile(0.9, 2)).toBeCloseTo(0.8 / Math.sqrt(2 * 0.9 * 0.1), 10);
  });

  it('matches table values of t(0.975, ν) (R qt / SciPy t.ppf, 10 significant digits)', () => {
    const table: [number, number][] = [
      [3, 3.182446305],
      [10, 2.228138852],
      [30, 2.042272456],
      [100, 1.983971519],
      [1000, 1.962339081],
      [1001, 1.962336705], // first value from the Cornish–Fisher expansion
      [5000, 1.960438552],
      [100000, 1.959987708],
    ];
    for (const [dof, t] of table) expect(studentTQuantile(0.975, dof)).toBeCloseTo(t, 8);
  });

  it('is symmetric about 0 and rejects bad arguments', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138852, 8);
    expect(studentTQuantile(0.05, 1)).toBeCloseTo(-Math.tan(0.45 * Math.PI), 9);
    expect(() => studentTQuantile(1, 5)).toThrow(/p must be in/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/degrees of freedom/);
    expect(() => studentTQuantile(0.9, 2.5)).toThrow(/degrees of freedom/);
  });
});
