// Aave v3 multi-collateral, multi-debt accounts: public surface of the pure engine.
export * from './reserves.js';
export * from './cross-account.js';
export * from './cross-liquidation.js';
export * from './liquidator-choice.js';
export * from './toxic.js';
