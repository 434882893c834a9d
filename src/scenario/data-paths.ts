// Where a scenario's data files may be: in the scenario file's folder or below it, unless the user allows others.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { PathSegment } from './paths.js';

/** Environment variable that, set to `1`, lets every command read data files outside the scenario's folder. */
export const ALLOW_OUTSIDE_FILES_ENV = 'CASCADE_ALLOW_OUTSIDE_FILES';

/** Whether the environment ({@link ALLOW_OUTSIDE_FILES_ENV}) allows data files outside the scenario's folder. */
export function outsideFilesAllowedByEnv(): boolean {
  return process.env[ALLOW_OUTSIDE_FILES_ENV] === '1';
}

/** A field of a scenario that names a data file, and the path as written. */
export interface DataFileField {
  path: PathSegment[];
  file: string;
}

type Rec = Record<string, unknown>;
const isRec = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value);
const named = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Every field of raw scenario data that names a data file: `assets[].price.file` (model csv),
 * `protocols[].borrowers.file` and `traders.file` (position books), `venues[].file` (curve tables) and
 * `venues[].snapshot` (order-book snapshots).
 */
export function dataFileFields(data: unknown): DataFileField[] {
  const fields: DataFileField[] = [];
  const list = (key: string): unknown[] => (isRec(data) && Array.isArray(data[key]) ? data[key] : []);
  list('assets').forEach((asset, i) => {
    const price = isRec(asset) ? asset.price : undefined;
    if (isRec(price) && price.model === 'csv' && named(price.file))
      fields.push({ path: ['assets', i, 'price', 'file'], file: price.file });
  });
  list('protocols').forEach((protocol, i) => {
    if (!isRec(protocol)) return;
    for (const key of ['borrowers', 'traders']) {
      const entry = protocol[key];
      if (isRec(entry) && named(entry.file)) fields.push({ path: ['protocols', i, key, 'file'], file: entry.file });
    }
  });
  list('venues').forEach((venue, i) => {
    if (!isRec(venue)) return;
    if (venue.type === 'curve' && named(venue.file)) fields.push({ path: ['venues', i, 'file'], file: venue.file });
    if (venue.type === 'orderbook' && named(venue.snapshot))
      fields.push({ path: ['venues', i, 'snapshot'], file: venue.snapshot });
  });
  return fields;
}

/** The real path of `path` (symbolic links followed) as far as it exists, the rest appended as written. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(realPath(parent), relative(parent, path));
  }
}

/**
 * Whether `absolute` lies in `folder` or below it, after following symbolic links (a link inside the folder to a
 * file outside it is outside).
 */
export function isInsideFolder(folder: string, absolute: string): boolean {
  const rel = relative(realPath(folder), realPath(absolute));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The message for a data file outside the scenario's folder. */
export function outsideMessage(file: string, folder: string): string {
  return (
    `"${file}" is outside the scenario's folder ${folder}: data files must be in that folder or below it ` +
    `(a scenario from elsewhere could otherwise read any file); pass --allow-outside-files or set ` +
    `${ALLOW_OUTSIDE_FILES_ENV}=1 to read it anyway, or give the path with --set`
  );
}
