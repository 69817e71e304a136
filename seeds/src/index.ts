export { packProfiles, packDir, packArtefacts, type PackArtefact, type PackArtefactKind } from './pack';
export { generateDemoData, DEMO_SEED } from './demo/generate';
export { loadDemoData, type DemoLoadCounts } from './demo/load';
export { DEMO_PASSWORD, documentedLogins } from './demo/staff';
export type { DemoData } from './demo/model';
