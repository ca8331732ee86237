// The offline teacher: a loopback OpenAI-compatible server for the demo, tests and benchmarks.
export { startOfflineTeacher, OFFLINE_MODEL } from './offline-teacher.js';
export type { OfflineTeacher, OfflineTeacherOptions, RequestLogEntry } from './offline-teacher.js';
export { parseFaultRules } from './faults.js';
export type { FaultAction, FaultRule } from './faults.js';
export { FixtureError, loadDefaultFixtures, loadFixtureFile, validateFixtureSet } from './fixtures.js';
export type { FixtureAnswer, FixtureQuestion, FixtureSet } from './fixtures.js';
export type { ReasoningMode } from './completion-body.js';
export type { RequestKind } from './recognize-request.js';
