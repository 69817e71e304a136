export { packProfiles, packDir } from './pack';
