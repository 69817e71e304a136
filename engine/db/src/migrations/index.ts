import type { Knex } from 'knex';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_audit';
import * as m0005 from './0005_audit_hardening';
import * as m0007 from './0007_metadata';
import * as m0008 from './0008_habilitations';
import * as m0009 from './0009_submissions';
import * as m0010Workflows from './0010_workflows';
import * as m0010 from './0010_profile_catalogue';
import * as m0011 from './0011_documents_archive_reporting';
import * as m0012 from './0012_messages';
import * as m0013 from './0013_agenda';
import * as m0015 from './0015_workflow_form_triggers';
import * as m0018 from './0018_record_audience_document_categories';
import * as m0019 from './0019_portal_accounts_event_triggers';
import * as m0020 from './0020_submission_reads';
import * as m0021 from './0021_password_change_required';

/** Every migration, applied in the order of their names. Never edit one that has shipped. */
const migrations: Record<string, Knex.Migration> = {
  '0001_foundation': m0001,
  '0002_audit': m0002,
  '0005_audit_hardening': m0005,
  '0007_metadata': m0007,
  '0008_habilitations': m0008,
  '0009_submissions': m0009,
  '0010_workflows': m0010Workflows,
  '0010_profile_catalogue': m0010,
  '0011_documents_archive_reporting': m0011,
  '0012_messages': m0012,
  '0013_agenda': m0013,
  '0015_workflow_form_triggers': m0015,
  '0018_record_audience_document_categories': m0018,
  '0019_portal_accounts_event_triggers': m0019,
  '0020_submission_reads': m0020,
  '0021_password_change_required': m0021,
};

/** A knex migration source over the static list above (no file-system scanning, works under tsx and jest alike). */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
