export { loadScenario, parseScenario, scenarioExtensions, type DataFile, type LoadedScenario } from './load.js';
export { checkReferences, referenceRules, type ReferenceCheckOptions } from './references.js';
export { fromZodIssue, type ScenarioIssue } from './issues.js';
export {
  describeValue,
  formatPath,
  getAtPath,
  hasAtPath,
  locateNode,
  parsePath,
  setAtPath,
  type NodeLocation,
  type PathSegment,
  type Position,
} from './paths.js';
export { generateScenarioDocs, exampleScenarioYaml } from './docs.js';
export {
  scenarioSchema,
  priceProcessSchema,
  venueSchema,
  protocolSchema,
  type Scenario,
  type PriceProcessSpec,
  type VenueSpec,
  type OracleSpec,
  type LendingSpec,
  type KeeperSpec,
  type ArbitrageurSpec,
} from './schema.js';
export { ScenarioProblems, PROBLEMS_LISTED_PER_FILE, type Problem, type OmittedProblems } from './problems.js';
export {
  loadPriceCsv,
  parsePriceCsv,
  readPriceCsv,
  readPriceCsvFile,
  type PriceSeries,
  type PriceCsvReading,
} from './price-csv.js';
