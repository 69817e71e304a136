import { type FieldInfo, type SchemaNode, listFields } from './schema-fields';

/**
 * What a draft changes against the last published version, field by field. Breaking changes
 * are those that can make saved answers lose their meaning or fail validation; each one must be
 * covered by the draft's migration before it can be published.
 */
export type ChangeKind =
  | 'field_added'
  | 'field_removed'
  | 'field_renamed'
  | 'field_retyped'
  | 'enum_narrowed'
  | 'enum_widened'
  | 'required_added'
  | 'required_removed'
  | 'constraint_tightened'
  | 'constraint_loosened'
  | 'category_changed'
  | 'lock_removed'
  | 'computed_changed';

export interface Change {
  kind: ChangeKind;
  path: string;
  breaking: boolean;
  /** Whether the draft's migration says what happens to the saved answers. */
  covered: boolean;
  message: string;
  before?: unknown;
  after?: unknown;
}

/** How saved answers move from the previous version to the draft. Paths are data paths (`*` for list items). */
export interface FormMigration {
  /** old path -> new path */
  renames?: Record<string, string>;
  /** per path, old value -> new value for values of a closed list that were removed or recoded */
  valueMaps?: Record<string, Record<string, unknown>>;
  /** per path, a value given to records that lack it (new required fields) */
  defaults?: Record<string, unknown>;
  /** paths whose answers are not carried into the new version: kept aside with the record, never deleted */
  drops?: string[];
}

export interface CompatibilityReport {
  breaking: Change[];
  warnings: Change[];
  info: Change[];
  /** Breaking changes that the migration does not cover: publishing is refused while any remain. */
  unresolved: Change[];
}

const tighteningDirection: Record<string, 'up' | 'down' | 'change'> = {
  minLength: 'up',
  minimum: 'up',
  exclusiveMinimum: 'up',
  minItems: 'up',
  maxLength: 'down',
  maximum: 'down',
  exclusiveMaximum: 'down',
  maxItems: 'down',
  pattern: 'change',
  format: 'change',
  multipleOf: 'change',
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const label = (f: FieldInfo) => (f.title ? `« ${f.title} »` : f.path);

export function compareSchemas(previous: SchemaNode, next: SchemaNode, migration: FormMigration = {}): CompatibilityReport {
  const before = new Map(listFields(previous).map((f) => [f.path, f]));
  const after = new Map(listFields(next).map((f) => [f.path, f]));
  const renames = migration.renames ?? {};
  const drops = new Set(migration.drops ?? []);
  const renamedTargets = new Set(Object.values(renames));
  const changes: Change[] = [];
  const push = (c: Omit<Change, 'covered'> & { covered?: boolean }) => changes.push({ covered: !c.breaking, ...c });

  for (const [path, old] of before) {
    if (drops.has(path)) {
      push({ kind: 'field_removed', path, breaking: true, covered: true, message: `Le champ ${label(old)} est retiré ; les réponses existantes seront conservées à part.` });
      continue;
    }
    const target = renames[path];
    const current = after.get(target ?? path);
    if (!current) {
      push({
        kind: 'field_removed',
        path,
        breaking: true,
        message: target
          ? `Le champ ${label(old)} est renommé vers ${target}, qui n’existe pas dans le brouillon.`
          : `Le champ ${label(old)} est retiré : indiquez dans la migration son nouveau nom ou qu’il est abandonné.`,
      });
      continue;
    }
    if (target) push({ kind: 'field_renamed', path, breaking: true, covered: true, message: `Le champ ${label(old)} devient ${target}.`, before: path, after: target });
    compareField(old, current, migration, drops, push);
  }
  for (const [path, field] of after) {
    if (before.has(path) || renamedTargets.has(path)) continue;
    const newRequired = field.required && !field.computed && !parentIsNew(path, before);
    const hasDefault = migration.defaults && Object.hasOwn(migration.defaults, path);
    push({ kind: 'field_added', path, breaking: false, message: `Nouveau champ ${label(field)}.` });
    if (newRequired) {
      push({
        kind: 'required_added',
        path,
        breaking: true,
        covered: Boolean(hasDefault),
        message: `Le nouveau champ ${label(field)} est obligatoire : les dossiers existants n’ont pas de réponse ; donnez une valeur par défaut dans la migration.`,
      });
    }
  }
  return {
    breaking: changes.filter((c) => c.breaking),
    warnings: changes.filter((c) => !c.breaking && isWarning(c.kind)),
    info: changes.filter((c) => !c.breaking && !isWarning(c.kind)),
    unresolved: changes.filter((c) => c.breaking && !c.covered),
  };
}

const isWarning = (kind: ChangeKind) => ['constraint_tightened', 'category_changed', 'lock_removed', 'computed_changed'].includes(kind);

/** A field under a new group or list is new with it: its requiredness concerns only new answers of that group. */
function parentIsNew(path: string, before: Map<string, FieldInfo>): boolean {
  const parent = path.slice(0, path.lastIndexOf('/')).replace(/\/\*$/, '');
  return parent !== '' && !before.has(parent);
}

function compareField(old: FieldInfo, current: FieldInfo, migration: FormMigration, drops: Set<string>, push: (c: Omit<Change, 'covered'> & { covered?: boolean }) => void): void {
  const path = old.path;
  if (!sameJson(old.types, current.types)) {
    const widened = old.types.every((t) => current.types.includes(t) || (t === 'integer' && current.types.includes('number')));
    push({
      kind: 'field_retyped',
      path,
      breaking: !widened,
      covered: widened || drops.has(path),
      message: widened ? `Le champ ${label(old)} accepte désormais plus de types.` : `Le type du champ ${label(old)} change (${old.types.join('|')} → ${current.types.join('|')}).`,
      before: old.types,
      after: current.types,
    });
  }
  if (old.values && current.values) {
    const removed = old.values.filter((v) => !current.values!.some((c) => sameJson(c, v)));
    const added = current.values.filter((v) => !old.values!.some((o) => sameJson(o, v)));
    if (removed.length > 0) {
      const map = migration.valueMaps?.[path] ?? {};
      const covered = removed.every((v) => Object.hasOwn(map, String(v)));
      push({ kind: 'enum_narrowed', path, breaking: true, covered, message: `Des valeurs de ${label(old)} disparaissent : ${removed.join(', ')}.`, before: removed });
    }
    if (added.length > 0) push({ kind: 'enum_widened', path, breaking: false, message: `Nouvelles valeurs pour ${label(old)} : ${added.join(', ')}.`, after: added });
  } else if (!old.values && current.values) {
    push({ kind: 'enum_narrowed', path, breaking: true, covered: drops.has(path) || Boolean(migration.valueMaps?.[path]), message: `Le champ ${label(old)} devient une liste fermée de valeurs.` });
  }
  if (!old.required && current.required && !current.computed) {
    const covered = Boolean(migration.defaults && Object.hasOwn(migration.defaults, current.path));
    push({ kind: 'required_added', path, breaking: true, covered, message: `Le champ ${label(old)} devient obligatoire : donnez une valeur par défaut dans la migration.` });
  }
  if (old.required && !current.required) push({ kind: 'required_removed', path, breaking: false, message: `Le champ ${label(old)} devient facultatif.` });
  for (const keyword of Object.keys(tighteningDirection)) {
    const a = old.constraints[keyword as keyof FieldInfo['constraints']];
    const b = current.constraints[keyword as keyof FieldInfo['constraints']];
    if (sameJson(a, b)) continue;
    const direction = tighteningDirection[keyword];
    const tightened =
      a === undefined ? true : b === undefined ? false : direction === 'up' ? Number(b) > Number(a) : direction === 'down' ? Number(b) < Number(a) : true;
    push({
      kind: tightened ? 'constraint_tightened' : 'constraint_loosened',
      path,
      breaking: false,
      message: tightened
        ? `La contrainte ${keyword} de ${label(old)} est resserrée : des réponses existantes pourraient ne plus la respecter lors d’une mise à niveau.`
        : `La contrainte ${keyword} de ${label(old)} est assouplie.`,
      before: a,
      after: b,
    });
  }
  if (old.category !== current.category) {
    push({ kind: 'category_changed', path, breaking: false, message: `La catégorie de ${label(old)} change (${old.category ?? 'aucune'} → ${current.category ?? 'aucune'}) : les habilitations qui s’y appliquent changent.`, before: old.category, after: current.category });
  }
  if (old.locked && !current.locked) push({ kind: 'lock_removed', path, breaking: false, message: `Le champ ${label(old)} n’est plus verrouillé.` });
  if (old.computed !== current.computed) push({ kind: 'computed_changed', path, breaking: false, message: `Le calcul de ${label(old)} change.`, before: old.computed, after: current.computed });
}
