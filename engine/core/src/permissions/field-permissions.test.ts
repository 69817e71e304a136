import { createMongoAbility } from '@casl/ability';
import { listFields } from '../forms/schema-fields';
import { deniedFields, forbiddenChanges, guardedFields, pruneAnswers, pruneCarried, pruneChanges, pruneComputed, restoreHidden } from './field-permissions';

const schema = {
  type: 'object',
  properties: {
    libre: { type: 'string' },
    allergies: { type: 'string', 'x-cordee-category': 'health_daily' },
    dossier_medical: {
      type: 'object',
      'x-cordee-category': 'health',
      properties: { antecedents: { type: 'string' }, score: { type: 'number', readOnly: true } },
    },
    rencontres: {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string' }, notes: { type: 'string', 'x-cordee-category': 'psychology_notes' } } },
    },
  },
};
const fields = guardedFields(listFields(schema as never));
const record = { establishmentId: 'e1', createdBy: 'psy' };

describe('field permissions bound to the rule that grants them', () => {
  it('inherits the category of the nearest group and marks server-owned fields', () => {
    expect(fields.find((f) => f.path === '/dossier_medical/antecedents')).toEqual({ path: '/dossier_medical/antecedents', category: 'health', serverOwned: false });
    expect(fields.find((f) => f.path === '/dossier_medical/score')?.serverOwned).toBe(true);
    expect(fields.find((f) => f.path === '/rencontres/*/notes')?.category).toBe('psychology_notes');
    expect(fields.find((f) => f.path === '/libre')?.category).toBeNull();
  });

  it('grants a field only where the rule granting it matches: never rows of one rule with fields of another', () => {
    const ability = createMongoAbility([
      { action: 'read', subject: 'Submission', fields: ['category:health_daily'], conditions: { establishmentId: 'e1' } },
      { action: 'read', subject: 'Submission', fields: ['category:health'], conditions: { establishmentId: 'e2' } },
      { action: 'read', subject: 'Submission', fields: ['category:psychology_notes'], conditions: { createdBy: 'me' } },
    ] as never);
    expect(deniedFields(ability, 'read', record, 'f', fields)).toEqual(['/dossier_medical', '/rencontres/*/notes']);
    expect(deniedFields(ability, 'read', { establishmentId: 'e2', createdBy: 'me' }, 'f', fields)).toEqual(['/allergies']);
  });

  it('lets a rule naming a field by path decide before its category, denials included', () => {
    const ability = createMongoAbility([
      { action: 'read', subject: 'Submission', fields: ['category:health', 'category:health_daily', 'category:psychology_notes'] },
      { action: 'read', subject: 'Submission', fields: ['path:f/allergies'], inverted: true, conditions: { establishmentId: 'e1' } },
    ] as never);
    expect(deniedFields(ability, 'read', record, 'f', fields)).toEqual(['/allergies']);
    expect(deniedFields(ability, 'read', { establishmentId: 'e9' }, 'f', fields)).toEqual([]);
    expect(deniedFields(ability, 'read', record, 'other-form', fields)).toEqual([]);
  });

  it('prunes answers, computed values, changes and carried answers, in lists of groups too', () => {
    const data = { libre: 'x', allergies: 'arachide', dossier_medical: { antecedents: 'asthme', score: 3 }, rencontres: [{ date: '2025-01-02', notes: 'secret' }, { date: '2025-02-03', notes: 'secret 2' }] };
    const denied = ['/dossier_medical', '/rencontres/*/notes'];
    expect(pruneAnswers(data, denied)).toEqual({ libre: 'x', allergies: 'arachide', rencontres: [{ date: '2025-01-02' }, { date: '2025-02-03' }] });
    expect(data.rencontres[0]!.notes).toBe('secret'); // a copy: the stored answers are untouched
    expect(pruneComputed({ '/dossier_medical/score': 3, '/libre': 1 }, denied)).toEqual({ '/libre': 1 });
    expect(
      pruneChanges(
        [
          { path: '/dossier_medical/antecedents', kind: 'changed', before: 'a', after: 'b' },
          { path: '/rencontres/1', kind: 'added', after: { date: 'd', notes: 'secret' } },
          { path: '/libre', kind: 'removed', before: 'x' },
        ],
        denied,
      ),
    ).toEqual([
      { path: '/rencontres/1', kind: 'added', after: { date: 'd' } },
      { path: '/libre', kind: 'removed', before: 'x' },
    ]);
    expect(pruneCarried([{ path: '/ancien', value: 'inconnu', reason: 'dropped' }, { path: '/libre', value: 'x', reason: 'type_changed' }], denied, fields)).toEqual([{ path: '/libre', value: 'x', reason: 'type_changed' }]);
  });

  it('keeps what the writer cannot see, and names every changed field the writer may not write', () => {
    const previous = { libre: 'x', dossier_medical: { antecedents: 'asthme' }, rencontres: [{ date: 'a', notes: 'n1' }] };
    const submitted = { libre: 'y', rencontres: [{ date: 'a' }, { date: 'b' }] };
    const merged = restoreHidden(submitted, previous, ['/dossier_medical', '/rencontres/*/notes']);
    expect(merged).toEqual({ libre: 'y', dossier_medical: { antecedents: 'asthme' }, rencontres: [{ date: 'a', notes: 'n1' }, { date: 'b' }] });
    expect(forbiddenChanges(previous, merged, ['/dossier_medical', '/rencontres/*/notes'])).toEqual([]);
    expect(forbiddenChanges(previous, { ...merged, dossier_medical: { antecedents: 'rien' } }, ['/dossier_medical'])).toEqual(['/dossier_medical']);
    expect(forbiddenChanges(previous, { ...merged, rencontres: [{ date: 'a', notes: 'changé' }, { date: 'b', notes: 'ajout' }] }, ['/rencontres/*/notes'])).toEqual(['/rencontres/0/notes', '/rencontres/1/notes']);
  });
});
