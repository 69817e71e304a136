export { packProfiles, packDir, packArtefacts, type PackArtefact, type PackArtefactKind } from './pack';
export { generateDemoData, DEMO_SEED } from './demo/generate';
export { loadDemoData, type DemoLoadCounts, type DemoLoadResult } from './demo/load';
export { generateDemoRecords } from './demo/records/generate';
export { resolveDemoRefs, type DemoRecord } from './demo/records/model';
export { backdateDemoSubmissions } from './demo/records/backdate';
export { DEMO_PASSWORD, documentedLogins } from './demo/staff';
export type { DemoData } from './demo/model';
