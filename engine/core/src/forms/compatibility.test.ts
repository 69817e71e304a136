import { compareSchemas } from './compatibility';
import type { SchemaNode } from './schema-fields';
import { upgradeAnswers } from './upgrade-answers';

const v1: SchemaNode = {
  type: 'object',
  required: ['nom'],
  properties: {
    nom: { type: 'string', title: 'Nom', maxLength: 100 },
    age: { type: 'integer', title: 'Âge' },
    humeur: { type: 'string', title: 'Humeur', enum: ['bonne', 'moyenne', 'mauvaise'] },
    allergies: { type: 'string', title: 'Allergies', 'x-cordee-category': 'health_daily' },
    contacts: {
      type: 'array',
      title: 'Contacts',
      items: { type: 'object', required: ['nom'], properties: { nom: { type: 'string', title: 'Nom du contact' }, tel: { type: 'string', title: 'Téléphone' } } },
    },
  },
};

const clone = (s: SchemaNode): SchemaNode => JSON.parse(JSON.stringify(s));
const kinds = (changes: Array<{ kind: string; path: string }>) => changes.map((c) => `${c.kind} ${c.path}`).sort();

describe('compatibility report', () => {
  it('sees nothing breaking in an identical or purely additive draft', () => {
    expect(compareSchemas(v1, clone(v1)).breaking).toEqual([]);
    const next = clone(v1);
    next.properties!.commentaire = { type: 'string', title: 'Commentaire' };
    next.properties!.humeur!.enum = ['bonne', 'moyenne', 'mauvaise', 'inconnue'];
    const report = compareSchemas(v1, next);
    expect(report.breaking).toEqual([]);
    expect(kinds(report.info)).toEqual(['enum_widened /humeur', 'field_added /commentaire']);
  });

  it('reports removed, retyped, narrowed and newly required fields as breaking and unresolved', () => {
    const next = clone(v1);
    delete next.properties!.allergies;
    next.properties!.age = { type: 'string', title: 'Âge' };
    next.properties!.humeur!.enum = ['bonne', 'mauvaise'];
    next.required = ['nom', 'age'];
    next.properties!.referent = { type: 'string', title: 'Référent' };
    next.required.push('referent');
    const report = compareSchemas(v1, next);
    expect(kinds(report.unresolved)).toEqual(['enum_narrowed /humeur', 'field_removed /allergies', 'field_retyped /age', 'required_added /age', 'required_added /referent']);
    expect(report.unresolved.every((c) => /[a-zé]/.test(c.message))).toBe(true);
  });

  it('accepts breaking changes covered by a migration: rename, drop, value map, defaults', () => {
    const next = clone(v1);
    next.properties!.allergiesConnues = next.properties!.allergies!;
    delete next.properties!.allergies;
    delete next.properties!.age;
    next.properties!.humeur!.enum = ['bonne', 'mauvaise'];
    next.properties!.referent = { type: 'string', title: 'Référent' };
    next.required = ['nom', 'referent'];
    const migration = { renames: { '/allergies': '/allergiesConnues' }, drops: ['/age'], valueMaps: { '/humeur': { moyenne: 'bonne' } }, defaults: { '/referent': 'à désigner' } };
    const report = compareSchemas(v1, next, migration);
    expect(report.unresolved).toEqual([]);
    expect(kinds(report.breaking)).toEqual(['enum_narrowed /humeur', 'field_removed /age', 'field_renamed /allergies', 'required_added /referent']);
  });

  it('looks inside repeated groups and treats widening integer -> number as safe', () => {
    const next = clone(v1);
    next.properties!.age = { type: 'number', title: 'Âge' };
    const item = next.properties!.contacts!.items!;
    delete item.properties!.tel;
    item.properties!.lien = { type: 'string', title: 'Lien' };
    item.required = ['nom', 'lien'];
    const report = compareSchemas(v1, next);
    expect(kinds(report.unresolved)).toEqual(['field_removed /contacts/*/tel', 'required_added /contacts/*/lien']);
    expect(report.breaking.find((c) => c.path === '/age')).toBeUndefined();
  });

  it('warns on tightened constraints and category changes without blocking', () => {
    const next = clone(v1);
    next.properties!.nom!.maxLength = 50;
    next.properties!.allergies!['x-cordee-category'] = 'health';
    const report = compareSchemas(v1, next);
    expect(report.breaking).toEqual([]);
    expect(kinds(report.warnings)).toEqual(['category_changed /allergies', 'constraint_tightened /nom']);
  });
});

describe('record upgrade', () => {
  it('moves answers along renames and value maps, carries what does not fit, and fills defaults', () => {
    const next = clone(v1);
    next.properties!.allergiesConnues = next.properties!.allergies!;
    delete next.properties!.allergies;
    next.properties!.age = { type: 'string', title: 'Âge (texte)' };
    next.properties!.humeur!.enum = ['bonne', 'mauvaise'];
    next.properties!.referent = { type: 'string', title: 'Référent' };
    const item = next.properties!.contacts!.items!;
    item.properties!.telephone = item.properties!.tel!;
    delete item.properties!.tel;
    const old = { nom: 'DUPONT', age: 12, humeur: 'moyenne', allergies: 'arachide', ancien: 'x', contacts: [{ nom: 'A', tel: '01' }, { nom: 'B', tel: '02' }] };
    const result = upgradeAnswers(old, next, {
      renames: { '/allergies': '/allergiesConnues', '/contacts/*/tel': '/contacts/*/telephone' },
      valueMaps: { '/humeur': { moyenne: 'bonne' } },
      defaults: { '/referent': 'à désigner' },
    });
    expect(result.data).toEqual({
      nom: 'DUPONT',
      humeur: 'bonne',
      allergiesConnues: 'arachide',
      referent: 'à désigner',
      contacts: [
        { nom: 'A', telephone: '01' },
        { nom: 'B', telephone: '02' },
      ],
    });
    expect(result.carried).toEqual([
      { path: '/age', value: 12, reason: 'type_changed' },
      { path: '/ancien', value: 'x', reason: 'field_removed' },
    ]);
    expect(result.defaulted).toEqual(['/referent']);
    expect(old.allergies).toBe('arachide'); // the input is never modified
  });

  it('never loses an answer: every old value is either in the new data or carried', () => {
    const next = clone(v1);
    delete next.properties!.humeur;
    next.properties!.nom!.enum = ['X'];
    const old = { nom: 'DUPONT', humeur: 'bonne', age: 3 };
    const result = upgradeAnswers(old, next, { drops: ['/humeur'] });
    expect(result.data).toEqual({ age: 3 });
    expect(result.carried).toEqual([
      { path: '/humeur', value: 'bonne', reason: 'dropped' },
      { path: '/nom', value: 'DUPONT', reason: 'value_not_allowed' },
    ]);
  });
});
