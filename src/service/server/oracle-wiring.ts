// Connects the oracle services (src/service/oracle) to the server's routes, once they exist.
import type { Logger } from 'pino';
import type { LiveBook } from '../book/live-book.js';
import type { ServiceSettings } from '../config.js';
import type { EventHub } from '../events.js';
import type { LoadedScenario } from '../../scenario/load.js';
import type { OracleServices } from './context.js';

/** What the oracle services are built from. */
export interface OracleInputs {
  book: LiveBook;
  hub: EventHub;
  settings: ServiceSettings;
  loaded: LoadedScenario;
  logger: Logger;
}

/**
 * Builds the oracle services for the routes (cascade map, stress, history, recommendations, alerts). None yet: their
 * routes answer 503.
 *
 * @example const oracle = await startOracle({ book, hub, settings, loaded, logger });
 */
export async function startOracle(_inputs: OracleInputs): Promise<OracleServices> {
  return {};
}
