import { type Change, type CompatibilityReport, type FormMigration, compareSchemas } from '../forms/compatibility';
import type { SchemaNode } from '../forms/schema-fields';
import type { GridScoring } from '../grids/scoring';
import type { ProfileRule } from '../permissions/ability';
import { type ProfileDiff, diffProfileRules } from '../permissions/profile-diff';
import type { ArtefactKind } from './effective';
import { type GridChange, type LintIssue, compareGridScoring, lintForm, lintGrid } from './lint';
import { contentHash, nextVersion } from './versions';

export interface PublicationReport {
  version: string;
  previousVersion: string | null;
  change: 'breaking' | 'addition' | 'other';
  breaking: Change[];
  warnings: Array<Change | GridChange>;
  info: Change[];
  /** Breaking changes the migration does not cover: publication is refused while any remain. */
  unresolved: Change[];
  migration: FormMigration | null;
  /** Lint findings that do not block publication (bpmnlint warnings of a workflow). */
  lintWarnings?: LintIssue[];
  /** For a profile: the permissions it gains and loses against the previous version (every rule is a gain for a first version). */
  permissions?: ProfileDiff;
}

export interface DraftAnalysis {
  /** The content to publish: the draft without its migration (which belongs to the report). */
  content: Record<string, unknown>;
  contentHash: string;
  lint: LintIssue[];
  report: PublicationReport;
  /** The draft equals the latest published version. */
  unchanged: boolean;
}

const isFormLike = (kind: ArtefactKind) => kind === 'form' || kind === 'grid';

/**
 * Everything publishing decides without IO: lint, compatibility against the previous version
 * (with the draft's migration), grid scoring changes, and the version number.
 */
export function analyseDraft(kind: ArtefactKind, key: string, draft: Record<string, unknown>, previous: { version: string; content: Record<string, unknown> } | null): DraftAnalysis {
  const { migration, version: _ignored, ...rest } = draft as Record<string, unknown> & { migration?: FormMigration };
  const content: Record<string, unknown> = { ...rest, key };
  const hash = contentHash(content);
  const previousContent = previous ? (({ version: _v, ...c }) => c)(previous.content) : null;
  const unchanged = previousContent !== null && contentHash(previousContent) === hash;
  let lint: LintIssue[] = [];
  let compat: CompatibilityReport = { breaking: [], warnings: [], info: [], unresolved: [] };
  const warnings: Array<Change | GridChange> = [];
  if (isFormLike(kind)) {
    lint = kind === 'grid' ? lintGrid(content as unknown as GridScoring & { schema: SchemaNode }) : lintForm(content as unknown as { schema: SchemaNode });
    if (previous) {
      compat = compareSchemas(previous.content.schema as SchemaNode, content.schema as SchemaNode, migration ?? {});
      if (kind === 'grid') warnings.push(...compareGridScoring(previous.content as unknown as GridScoring, content as unknown as GridScoring));
    }
  }
  warnings.unshift(...compat.warnings);
  const permissions = kind === 'profile' ? diffProfileRules((previous?.content.rules as ProfileRule[] | undefined) ?? [], (content.rules as ProfileRule[] | undefined) ?? []) : undefined;
  // a profile that loses permissions is a major version: assignments holding it lose access
  const change: PublicationReport['change'] =
    compat.breaking.length > 0 || (permissions && permissions.lost.length > 0)
      ? 'breaking'
      : compat.info.some((c) => c.kind === 'field_added' || c.kind === 'enum_widened') || warnings.some((w) => w.kind === 'score_added') || (permissions && permissions.gained.length > 0)
        ? 'addition'
        : 'other';
  return {
    content,
    contentHash: hash,
    lint,
    unchanged,
    report: {
      version: nextVersion(previous?.version ?? null, change),
      previousVersion: previous?.version ?? null,
      change,
      breaking: compat.breaking,
      warnings,
      info: compat.info,
      unresolved: compat.unresolved,
      migration: migration ?? null,
      ...(permissions ? { permissions } : {}),
    },
  };
}
