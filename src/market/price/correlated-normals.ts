/**
 * Correlated standard normals for a group of assets: each draw of the group takes one independent normal from every
 * asset's own stream and returns L·z (L the Cholesky factor of the correlation matrix), so each asset still draws
 * only from its own named stream and the group's draws depend on nothing else.
 */
import { choleskyLower } from '../../kernel/cholesky.js';
import { InvariantError } from '../../kernel/errors.js';

/** What a price process draws its normals from (a {@link RandomStream} is one). */
export interface NormalSource {
  normal(): number;
}

/**
 * A group of `streams.length` assets whose normals have correlation `matrix`. `source(k)` is asset k's view: its
 * n-th `normal()` is component k of the group's n-th draw. Assets may ask in any order; a draw is made when the first
 * asset asks for it and dropped when the last has read it.
 *
 * @example
 * const group = new CorrelatedNormals([[1, 0.8], [0.8, 1]], [ethStream, btcStream], 'correlations');
 * const eth = createGbm(ethParams, group.source(0));
 * const btc = createGbm(btcParams, group.source(1));
 */
export class CorrelatedNormals {
  private readonly lower: number[][];
  /** Draws not yet read by every asset, oldest first; `first` is the index of draws[0]. */
  private readonly draws: Float64Array[] = [];
  private first = 0;
  /** How many normals each asset has read. */
  private readonly read: number[];
  private readonly z: Float64Array;

  constructor(
    matrix: readonly (readonly number[])[],
    private readonly streams: readonly NormalSource[],
    where: string,
  ) {
    if (matrix.length !== streams.length)
      throw new InvariantError(`${where}: ${matrix.length} × ${matrix.length} matrix for ${streams.length} assets`);
    this.lower = choleskyLower(matrix, where);
    this.read = streams.map(() => 0);
    this.z = new Float64Array(streams.length);
  }

  /** Asset k's normals. */
  source(k: number): NormalSource {
    if (!(k >= 0 && k < this.streams.length)) throw new InvariantError(`no asset ${k} in a correlated group`);
    return { normal: () => this.take(k) };
  }

  private take(k: number): number {
    const index = this.read[k]++;
    while (this.first + this.draws.length <= index) this.draws.push(this.draw());
    const value = this.draws[index - this.first][k];
    // Drop the oldest draws once every asset has read them.
    let oldest = this.read[0];
    for (let j = 1; j < this.read.length; j++) oldest = Math.min(oldest, this.read[j]);
    while (this.first < oldest) {
      this.draws.shift();
      this.first++;
    }
    return value;
  }

  /** One draw of the group: y = L·z with z independent, z_j from asset j's own stream. */
  private draw(): Float64Array {
    const { lower, z, streams } = this;
    for (let j = 0; j < streams.length; j++) z[j] = streams[j].normal();
    const y = new Float64Array(streams.length);
    for (let i = 0; i < streams.length; i++) {
      let sum = 0;
      for (let j = 0; j <= i; j++) sum += lower[i][j] * z[j];
      y[i] = sum;
    }
    return y;
  }
}
