export { createLogger } from './logger.ts';
export {
  defaultModels,
  type EmulatorFaults,
  type EmulatorLatency,
} from './options.ts';
export {
  defaultScenarioPath,
  loadDefaultScenario,
  loadScenarioFile,
  parseScenario,
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from './scenario.ts';
export {
  type GeminiLiveEmulator,
  type GeminiLiveEmulatorOptions,
  startGeminiLiveEmulator,
} from './server.ts';
export type { CloseInfo, RecordedMessage, SessionRecord } from './session-record.ts';
