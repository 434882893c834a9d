// Reading a live scenario's book files into this thread's book store (bookOf), once per file.
import { loadBooks } from '../../scenario/book-files.js';
import type { LiveScenario } from './live-scenario.js';

/** Book files read into this thread's book store so far. */
const loadedFiles = new Set<string>();

/**
 * Reads the live scenario's book files into this thread's book store (each file once), so that a world can be built
 * from it here (a batch reads them in its own threads).
 *
 * @example await ensureBooksLoaded(live);
 */
export async function ensureBooksLoaded(live: LiveScenario): Promise<void> {
  if (live.books.every((b) => loadedFiles.has(b.file))) return;
  await loadBooks(live.scenario, live.baseDir, live.scenarioFile);
  for (const b of live.books) loadedFiles.add(b.file);
}
