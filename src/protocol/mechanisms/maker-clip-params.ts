import type { LendingSpec } from '../../scenario/schema.js';
import { Clipper, Dog, type PriceCurve } from '../../liquidation/maker-2.0/index.js';

/** The scenario's `maker-clip` liquidation rule entry. */
export type MakerClipSettings = Extract<LendingSpec['liquidationRule'], { type: 'maker-clip' }>;

/** The one collateral type (ilk) a Cascade lending protocol has. */
const MAKER_ILK = 'collateral';

/**
 * The Dog for a `maker-clip` protocol, in debt-asset units: Hole and ilk.hole both holeUsd/debtPrice,
 * dust dustUsd/debtPrice.
 *
 * @example
 * makerDog({ ...settings, holeUsd: 20e6, dustUsd: 5000, chop: 1.13 }, 1).Hole; // 20e6
 */
export function makerDog(settings: MakerClipSettings, debtPrice: number): Dog {
  const hole = settings.holeUsd / debtPrice;
  return new Dog({
    Hole: hole,
    ilks: { [MAKER_ILK]: { hole, chop: settings.chop, dust: settings.dustUsd / debtPrice } },
  });
}

/**
 * The Clipper for a `maker-clip` protocol, in debt-asset units: tip tipUsd/debtPrice and
 * chost = dust·chop (dss clip.sol upchost).
 *
 * @example
 * makerClipper(settings, 1).params.chost; // dustUsd·chop
 */
export function makerClipper(settings: MakerClipSettings, debtPrice: number): Clipper {
  const dust = settings.dustUsd / debtPrice;
  return new Clipper({
    buf: settings.buf,
    tail: settings.tailSeconds,
    cusp: settings.cusp,
    chip: settings.chip,
    tip: settings.tipUsd / debtPrice,
    curve: priceCurve(settings.curve),
    // dss clip.sol upchost: chost = ilk.dust · Dog chop
    chost: dust * settings.chop,
  });
}

/** The abaci curve of the scenario's `curve` entry (seconds-suffixed names → dss names). */
function priceCurve(curve: MakerClipSettings['curve']): PriceCurve {
  switch (curve.kind) {
    case 'linear':
      return { kind: 'linear', tau: curve.tauSeconds };
    case 'stairstep':
      return { kind: 'stairstep', cut: curve.cut, step: curve.stepSeconds };
    case 'exponential':
      return { kind: 'exponential', cut: curve.cut };
  }
}
