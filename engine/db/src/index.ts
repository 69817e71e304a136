export * from './connection';
export * from './migrate';
export * from './pg-errors';
export * from './stores/audit-store';
export * from './stores/profile-store';
export * from './stores/session-store';
export * from './stores/account-store';
export * from './permissions/rules-to-sql';
