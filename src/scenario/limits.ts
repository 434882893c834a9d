/**
 * Bounds on what a scenario may ask of the machine, checked before the work starts, each with its reason.
 */

/**
 * Largest scenario file read, in bytes (4 MiB). Shipped scenarios are under 8 KB; series and books belong in data
 * files. Validation is linear in the file's size, so this bounds its time (about a second per MiB here).
 */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

/** Most problems a scenario file lists; the rest are counted (`… K more problems not shown`). */
export const PROBLEMS_LISTED_PER_SCENARIO = 100;

/** Most aliases a scenario may expand (YAML's `*name`); more is an alias bomb, refused without expanding it. */
export const MAX_YAML_ALIASES = 100;

/** Formats a byte count as `4,194,304 bytes (4.0 MiB)`. */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  const gib = mib / 1024;
  const unit = gib >= 1 ? `${gib.toFixed(1)} GiB` : `${mib.toFixed(1)} MiB`;
  return `${Math.round(bytes).toLocaleString('en-US')} bytes (${unit})`;
}
