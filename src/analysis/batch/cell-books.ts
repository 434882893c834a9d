// Position books read from files (docs/books.md) for a batch: DuckDB reads asynchronously, so each thread that runs
// paths reads its cells' books once before the first path.
import { loadBooks } from '../../scenario/book-files.js';
import { cellScenario, type PathRunContext } from './path-runner.js';

/**
 * Reads the book files of every cell of `context` (a cell's parameters may name another file) into this thread's
 * book store, so that building a path's world finds them. Cells whose books are generated cost nothing.
 *
 * @example await loadCellBooks(context); // then runChunk(runner, tasks)
 */
export async function loadCellBooks(context: PathRunContext): Promise<void> {
  if (!namesBookFile(context)) return;
  for (const cell of context.cells) {
    const scenario = cellScenario(context, cell);
    const reads = scenario.protocols.some((p) => 'file' in (p.type === 'perp' ? p.traders : p.borrowers));
    if (reads) await loadBooks(scenario, context.baseDir, context.scenarioFile);
  }
}

/** Whether the plan's scenario, or a cell's parameters, may name a book file (else no cell is parsed here). */
function namesBookFile(context: PathRunContext): boolean {
  const plan = JSON.parse(context.scenarioJson) as { protocols?: { borrowers?: object; traders?: object }[] };
  const inPlan = (plan.protocols ?? []).some((p) => 'file' in (p.borrowers ?? {}) || 'file' in (p.traders ?? {}));
  const inCells = context.cells.some((cell) =>
    Object.keys(cell.parameters).some((key) => /(^|\.)(borrowers|traders)(\.file)?$/.test(key)),
  );
  return inPlan || inCells;
}
