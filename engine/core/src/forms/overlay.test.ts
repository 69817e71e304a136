import { type FormContent, type OverlayOperation, applyOverlay } from './overlay';
import { type SchemaNode, listFields } from './schema-fields';

const base = (): FormContent => ({
  schema: {
    type: 'object',
    required: ['signataire'],
    properties: {
      signataire: { type: 'string', title: 'Signataire', maxLength: 200 },
      clause: { type: 'string', title: 'Clause légale', enum: ['oui', 'non'], 'x-cordee-locked': true },
      juridique: {
        type: 'object',
        title: 'Situation juridique',
        'x-cordee-locked': true,
        properties: { mesure: { type: 'string', title: 'Mesure', maxLength: 50 }, juge: { type: 'string', title: 'Juge' } },
      },
      loisirs: { type: 'string', title: 'Loisirs' },
      humeur: { type: 'string', title: 'Humeur', oneOf: [{ const: 'bien', title: 'Bien' }, { const: 'mal', title: 'Mal' }] },
      age: { type: 'integer', title: 'Âge', minimum: 0, maximum: 25 },
    },
  },
  uiSchema: { 'ui:order': ['signataire', 'clause', 'juridique', 'loisirs', 'humeur', 'age'] },
});

describe('establishment overlays', () => {
  it('applies the allowed operations', () => {
    const ops: OverlayOperation[] = [
      { op: 'addField', path: '', name: 'referentNuit', schema: { type: 'string', title: 'Référent de nuit' }, after: 'signataire' },
      { op: 'relabel', path: '/properties/loisirs', title: 'Activités de loisir' },
      { op: 'addEnumValue', path: '/properties/humeur', value: 'variable', label: 'Variable' },
      { op: 'tightenConstraint', path: '/properties/age', keyword: 'maximum', value: 21 },
      { op: 'tightenConstraint', path: '/properties/loisirs', keyword: 'required', value: true },
      { op: 'hideField', path: '/properties/humeur' },
    ];
    const result = applyOverlay(base(), ops);
    expect(result.conflicts).toEqual([]);
    expect(result.applied).toEqual([0, 1, 2, 3, 4, 5]);
    const p = result.schema.properties!;
    expect(p.referentNuit).toEqual({ type: 'string', title: 'Référent de nuit' });
    expect(result.uiSchema['ui:order']).toEqual(['signataire', 'referentNuit', 'clause', 'juridique', 'loisirs', 'humeur', 'age']);
    expect(p.loisirs!.title).toBe('Activités de loisir');
    expect(p.humeur!.oneOf).toContainEqual({ const: 'variable', title: 'Variable' });
    expect(p.age!.maximum).toBe(21);
    expect(result.schema.required).toEqual(['signataire', 'loisirs']);
    expect(p.humeur!['x-cordee-hidden']).toBe(true);
    expect((result.uiSchema.humeur as Record<string, unknown>)['ui:widget']).toBe('hidden');
  });

  it('refuses to remove, loosen or reword locked content, with the reason', () => {
    const result = applyOverlay(base(), [
      { op: 'hideField', path: '/properties/clause' },
      { op: 'addEnumValue', path: '/properties/clause', value: 'peut-etre', label: 'Peut-être' },
      { op: 'relabel', path: '/properties/juridique/properties/juge', title: 'Magistrat' },
      { op: 'hideField', path: '/properties/signataire' },
      { op: 'tightenConstraint', path: '/properties/age', keyword: 'maximum', value: 30 },
      { op: 'tightenConstraint', path: '/properties/juridique/properties/mesure', keyword: 'maxLength', value: 40 },
    ]);
    expect(result.conflicts.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result.conflicts[0]!.reason).toMatch(/verrouillé/);
    expect(result.conflicts[3]!.reason).toMatch(/obligatoire/);
    expect(result.conflicts[4]!.reason).toMatch(/resserrée/);
    expect(result.applied).toEqual([5]); // tightening locked content is allowed
  });

  it('reports an operation whose target vanished upstream as a conflict and applies the rest', () => {
    const upstream = base();
    delete upstream.schema.properties!.loisirs;
    const result = applyOverlay(upstream, [
      { op: 'relabel', path: '/properties/loisirs', title: 'Activités' },
      { op: 'addField', path: '', name: 'age', schema: { type: 'string', title: 'Âge' } },
      { op: 'relabel', path: '/properties/age', title: 'Âge révolu' },
    ]);
    expect(result.conflicts.map((c) => [c.index, c.op])).toEqual([
      [0, 'relabel'],
      [1, 'addField'],
    ]);
    expect(result.schema.properties!.age!.title).toBe('Âge révolu');
  });

  it('never changes its input', () => {
    const content = base();
    const before = JSON.stringify(content);
    applyOverlay(content, [{ op: 'addField', path: '', name: 'x', schema: { type: 'string', title: 'X' }, required: true }]);
    expect(JSON.stringify(content)).toBe(before);
  });

  describe('property: random patches never loosen a locked part', () => {
    function prng(seed: number) {
      let s = seed >>> 0;
      return () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 2 ** 32;
      };
    }
    const paths = ['', '/properties/clause', '/properties/juridique', '/properties/juridique/properties/mesure', '/properties/juridique/properties/juge', '/properties/loisirs', '/properties/humeur', '/properties/age', '/properties/nope'];
    const keywords = ['required', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'pattern'] as const;

    function randomOp(random: () => number): OverlayOperation {
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
      const path = pick(paths);
      switch (Math.floor(random() * 6)) {
        case 0:
          return { op: 'addField', path: pick(['', '/properties/juridique']), name: pick(['mesure', 'juge', 'nouveau', 'clause', 'autre']), schema: { type: 'string', title: 'N' }, required: random() < 0.5 };
        case 1:
          return { op: 'hideField', path };
        case 2:
          return { op: 'relabel', path, title: 'Autre libellé' };
        case 3:
          return { op: 'addEnumValue', path, value: pick(['oui', 'x', 'y']), label: 'Valeur' };
        case 4:
          return { op: 'tightenConstraint', path, keyword: pick(keywords), value: pick([0, 5, 30, 100, 1000, '^[a-z]+$', true, false]) };
        default:
          return { op: 'reorder', path: pick(['', '/properties/juridique']), order: ['loisirs', 'clause'] };
      }
    }

    function assertLockedKept(original: SchemaNode, effective: SchemaNode) {
      const lockedPaths = listFields(original).filter((f) => f.locked || f.path.startsWith('/juridique'));
      const after = new Map(listFields(effective).map((f) => [f.path, f]));
      for (const field of lockedPaths) {
        const now = after.get(field.path);
        expect(now).toBeDefined();
        expect(now!.node['x-cordee-hidden']).toBeUndefined();
        expect(now!.title).toBe(field.title);
        expect(now!.types).toEqual(field.types);
        if (field.values) expect(now!.values).toEqual(field.values);
        for (const [k, v] of Object.entries(field.constraints)) {
          const n = now!.constraints[k as keyof typeof field.constraints];
          if (k.startsWith('max')) expect(Number(n)).toBeLessThanOrEqual(Number(v));
          else if (k.startsWith('min')) expect(Number(n)).toBeGreaterThanOrEqual(Number(v));
          else expect(n).toBe(v);
        }
        if (field.required) expect(now!.required).toBe(true);
      }
    }

    it('holds for 2,000 random three-layer patch sets', () => {
      const random = prng(42);
      for (let round = 0; round < 2000; round++) {
        const original = base();
        const organisme = applyOverlay(original, Array.from({ length: 1 + Math.floor(random() * 5) }, () => randomOp(random)));
        const establishment = applyOverlay(organisme, Array.from({ length: 1 + Math.floor(random() * 5) }, () => randomOp(random)));
        assertLockedKept(original.schema, establishment.schema);
        expect(establishment.applied.length + establishment.conflicts.length).toBeGreaterThan(0);
      }
    });
  });
});
