import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * One named, seeded random stream. Every component draws from its own stream,
 * derived from (master seed, stream name), so adding a component never perturbs another.
 *
 * @example
 * const rng = new RandomStream(42, 'price:ETH');
 * const z = rng.normal(); // standard normal draw
 */
export class RandomStream {
  private readonly generator: JumpableRandomGenerator;
  private spareNormal = Number.NaN;

  constructor(
    masterSeed: number,
    readonly name: string,
  ) {
    this.generator = xoroshiro128plusFromState(streamState(masterSeed, name));
  }

  /** Uniform draw in [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform draw in the open interval (0, 1): safe to take the logarithm of. */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Standard normal draw (Marsaglia polar method; pairs are cached). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return z;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * factor;
        return u * factor;
      }
    }
  }

  /** Log-normal draw: exp(mu + sigma·Z). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson draw with mean `lambda` (Knuth's product method; meant for small lambda per block). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    const limit = Math.exp(-lambda);
    let k = 0;
    let product = this.uniformOpen();
    while (product > limit) {
      k += 1;
      product *= this.uniformOpen();
    }
    return k;
  }
}

/** Four 32-bit words of xoroshiro128+ state from (seed, name), mixed with splitmix32 over an FNV-1a hash. */
function streamState(masterSeed: number, name: string): number[] {
  let h = 0x811c9dc5 ^ (masterSeed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.floor(masterSeed / 0x100000000) >>> 0;
  const words: number[] = [];
  let x = h >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    words.push(z | 0);
  }
  if (words.every((w): boolean => w === 0)) words[0] = 1;
  return words;
}
