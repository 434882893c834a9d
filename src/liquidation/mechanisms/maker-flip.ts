import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { LendingSpec } from '../../scenario/schema.js';
import type { CollateralMarket, KeeperTurn, LiquidationMechanism } from './mechanism.js';

type Settings = Extract<LendingSpec['liquidationRule'], { type: 'maker-flip' }>;

/** PLACEHOLDER: being built. */
export class MakerFlipLiquidation implements LiquidationMechanism {
  readonly name = 'maker-flip';
  readonly badDebtBearer = 'insurance-fund' as const;

  constructor(
    private readonly protocol: LendingProtocol,
    private readonly settings: Settings,
  ) {}

  onBlock(): void {
    throw new Error(`${this.name} is not built yet (${this.protocol.id}, ${this.settings.type})`);
  }

  act(turn: KeeperTurn, market: CollateralMarket): void {
    throw new Error(`not built yet ${turn.gasUsd} ${market.venues.length}`);
  }

  collateralPending(): number {
    return 0;
  }

  debtPending(): number {
    return 0;
  }
}
