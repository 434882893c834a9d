/**
 * Seconds in the year used to de-annualise drift, volatility and jump intensity: 365 days of 24 h.
 *
 * @example
 * const dtYears = 12 / SECONDS_PER_YEAR; // one 12-second block, in years
 */
export const SECONDS_PER_YEAR = 365 * 24 * 3600;

/**
 * Seconds in a minute; scripted shocks, bridge anchors and scenario files count time in minutes.
 *
 * @example
 * const t = 30 * SECONDS_PER_MINUTE; // minute 30, in seconds
 */
export const SECONDS_PER_MINUTE = 60;
