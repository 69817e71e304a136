import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createContractAjv, validateContract } from './contract-validator';
import { cordeeKeywords } from './cordee-keywords';
import { type JsonSchema, loadSchemas, schemaIds, schemasDir, schemaUri } from './schemas';

const ajv = createContractAjv();
function validate(id: string, value: unknown): string[] {
  const check = ajv.getSchema(schemaUri(id));
  if (!check) throw new Error(`no schema ${id}`);
  return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message ?? ''}`);
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? schemaFiles(join(dir, entry.name)) : entry.name.endsWith('.schema.json') ? [join(dir, entry.name)] : [],
  );
}

describe('contract schemas', () => {
  const files = schemaFiles(schemasDir);
  const schemas = loadSchemas();

  it('every file declares the $id of its path and the 2020-12 dialect', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const file of files) {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
      const id = relative(schemasDir, file).replace(/\\/g, '/').replace(/\.schema\.json$/, '');
      expect({ file: id, $id: schema.$id }).toEqual({ file: id, $id: `https://schemas.cordee.fr/${id}.json` });
      expect({ file: id, $schema: schema.$schema }).toEqual({ file: id, $schema: 'https://json-schema.org/draft/2020-12/schema' });
    }
  });

  it('every schema compiles with ajv 2020 in strict mode', () => {
    for (const id of schemas.keys()) {
      expect(() => ajv.getSchema(schemaUri(id))).not.toThrow();
      expect(ajv.getSchema(schemaUri(id))).toBeDefined();
    }
  });

  it('every root title is a unique PascalCase name (TypeScript and OpenAPI component name)', () => {
    const titles = [...schemas.values()].map((s) => s.title);
    for (const title of titles) expect(title).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('every api schema and every metadata kind refuses unknown fields at the root', () => {
    for (const [id, schema] of schemas) {
      if (id === 'metadata/definitions') continue;
      expect({ id, additionalProperties: schema.additionalProperties }).toEqual({ id, additionalProperties: false });
    }
  });

  it('the generated list of schema ids matches the files', () => {
    expect([...schemaIds].sort()).toEqual([...schemas.keys()].sort());
  });

  it('the x-cordee keywords accepted in a field match the registered keyword definitions', () => {
    const form = schemas.get('metadata/form' as never) as unknown as { $defs: { fieldSchema: { properties: Record<string, unknown>; propertyNames: { anyOf: { enum?: string[] }[] } } } };
    const declared = Object.keys(form.$defs.fieldSchema.properties).filter((k) => k.startsWith('x-cordee'));
    expect(declared.sort()).toEqual([...cordeeKeywords].sort());
    expect(form.$defs.fieldSchema.propertyNames.anyOf[1]?.enum?.slice().sort()).toEqual([...cordeeKeywords].sort());
  });
});

/** An extract of grid G1 « Besoins fondamentaux » (pde-domain.md §3.1 and §3.5). */
const niveau = { type: 'string', enum: ['0', '1', '2', '3', 'NE'], 'x-cordee-widget': 'scale-radio' };
const g1Schema = {
  type: 'object',
  required: ['enfant_id', 'date_evaluation', 'items'],
  properties: {
    enfant_id: { type: 'string', title: 'Enfant', 'x-cordee-category': 'identity', 'x-cordee-locked': true },
    date_evaluation: { type: 'string', format: 'date', title: 'Date de l’évaluation' },
    items: {
      type: 'object',
      title: 'Items',
      properties: {
        physiologique_sante: { ...niveau, title: 'Besoins physiologiques et de santé', 'x-cordee-category': 'evaluation' },
        protection: { ...niveau, title: 'Protection', 'x-cordee-category': 'evaluation' },
        securite_affective_relationnelle: { ...niveau, title: 'Sécurité affective et relationnelle', 'x-cordee-category': 'evaluation' },
      },
    },
    score_meta_securite: {
      type: ['number', 'null'],
      title: 'Méta-besoin de sécurité',
      readOnly: true,
      'x-cordee-computed': 'min([items.physiologique_sante, items.protection, items.securite_affective_relationnelle])',
    },
  },
};
const niveauScale = {
  id: 'niveau_reponse_besoin',
  label: 'Niveau de réponse au besoin',
  options: [
    { value: '3', label: 'Besoin couvert de manière satisfaisante et stable', weight: 3 },
    { value: '2', label: 'Besoin couvert avec fragilités (vigilance)', weight: 2 },
    { value: '1', label: 'Besoin partiellement couvert — préoccupation importante', weight: 1 },
    { value: '0', label: 'Besoin non couvert / compromis', weight: 0 },
    { value: 'NE', label: 'Non évalué / information insuffisante', notEvaluated: true },
  ],
};
const g1 = {
  key: 'grille-besoins-fondamentaux',
  title: 'Besoins fondamentaux de l’enfant',
  version: '1.0.0',
  schema: g1Schema,
  uiSchema: { 'ui:order': ['enfant_id', 'date_evaluation', 'items', '*'] },
  scales: [niveauScale],
  items: [
    { id: 'physiologique_sante', label: 'Besoins physiologiques et de santé', scale: 'niveau_reponse_besoin', domain: 'meta_securite' },
    { id: 'protection', label: 'Protection', scale: 'niveau_reponse_besoin', domain: 'meta_securite' },
    { id: 'securite_affective_relationnelle', label: 'Sécurité affective et relationnelle', scale: 'niveau_reponse_besoin', domain: 'meta_securite' },
  ],
  scores: [
    {
      id: 'score_meta_securite',
      label: 'Méta-besoin de sécurité',
      expression: 'min([items.physiologique_sante, items.protection, items.securite_affective_relationnelle])',
    },
  ],
  bands: [
    {
      score: 'score_meta_securite',
      ranges: [
        { max: 1.5, label: 'Sécurité fragile', level: 'danger' },
        { min: 1.5, max: 2.5, label: 'À surveiller', level: 'vigilance' },
        { min: 2.5, label: 'Besoin couvert', level: 'satisfactory' },
      ],
    },
  ],
  alerts: [{ id: 'securite_fragile', condition: 'score_meta_securite <= 1', message: 'La sécurité de l’enfant est fragile.', level: 'danger' }],
};

describe('metadata kinds', () => {
  it('accepts the G1 grid and refuses a scale without exactly one « non évalué » option', () => {
    expect(validate('metadata/grid', g1)).toEqual([]);
    const withoutNe = { ...g1, scales: [{ ...niveauScale, options: niveauScale.options.slice(0, 4) }] };
    expect(validate('metadata/grid', withoutNe).some((e) => e.includes('contains'))).toBe(true);
    const twoNe = { ...g1, scales: [{ ...niveauScale, options: [...niveauScale.options, { value: 'NC', label: 'Non concerné', notEvaluated: true }] }] };
    expect(validate('metadata/grid', twoNe).some((e) => e.includes('contains'))).toBe(true);
  });

  it('compiles the form schema of a grid in strict mode with the x-cordee keywords', () => {
    expect(() => ajv.compile(g1Schema)).not.toThrow();
    const check = ajv.compile(g1Schema);
    expect(check({ enfant_id: 'e1', date_evaluation: '2025-01-31', items: { protection: 'NE' } })).toBe(true);
    expect(check({ enfant_id: 'e1', date_evaluation: 'hier', items: {} })).toBe(false);
    const overlaid = { ...g1Schema, properties: { ...g1Schema.properties, surnom: { type: 'string', 'x-cordee-hidden': true }, motif: { enum: ['a', 'b'], 'x-cordee-enumLabels': { b: 'Motif B' } } } };
    expect(() => ajv.compile(overlaid)).not.toThrow();
    expect(() => ajv.compile({ type: 'object', 'x-cordee-enumLabels': { a: 1 } })).toThrow(/x-cordee-enumLabels/);
  });

  it('refuses an unknown category, an unknown x-cordee keyword and a bad widget name in a form', () => {
    const form = { key: 'fiche-sanitaire', title: 'Fiche sanitaire', schema: g1Schema, uiSchema: {} };
    expect(validate('metadata/form', form)).toEqual([]);
    const badCategory = { ...form, schema: { type: 'object', properties: { a: { type: 'string', 'x-cordee-category': 'secret' } } } };
    expect(validate('metadata/form', badCategory)).not.toEqual([]);
    expect(() => ajv.compile(badCategory.schema)).toThrow(/x-cordee-category/);
    const unknownKeyword = { ...form, schema: { type: 'object', properties: { a: { type: 'string', 'x-cordee-secret': true } } } };
    expect(validate('metadata/form', unknownKeyword).some((e) => e.includes('propertyNames'))).toBe(true);
    const badWidget = { ...form, schema: { type: 'object', properties: { a: { type: 'string', 'x-cordee-widget': 'Bad Widget' } } } };
    expect(validate('metadata/form', badWidget)).not.toEqual([]);
    expect(validate('metadata/form', { ...form, key: 'Fiche Sanitaire' })).not.toEqual([]);
    expect(validate('metadata/form', { ...form, extra: 1 }).some((e) => e.includes('additionalProperties'))).toBe(true);
  });

  it('validates workflows, templates and pack manifests', () => {
    const bpmnXml = '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="admission"/></bpmn:definitions>';
    expect(validate('metadata/workflow', { key: 'admission', title: 'Admission', bpmnXml, version: '1.0.0' })).toEqual([]);
    expect(validate('metadata/workflow', { key: 'admission', title: 'Admission', bpmnXml: '<html/>' })).not.toEqual([]);
    expect(validate('metadata/workflow', { key: 'admission', title: 'Admission', bpmnXml, version: '1.0' })).not.toEqual([]);

    const template = { key: 'fiche-sanitaire', title: 'Fiche sanitaire de liaison', engine: 'handlebars', source: '<h1>{{nom}}</h1>', output: 'pdf' };
    expect(validate('metadata/template', { ...template, documentType: 'fiche_sanitaire', routing: { dmp: { typeCode: '60591-5' }, mssante: true } })).toEqual([]);
    expect(validate('metadata/template', { ...template, engine: 'ejs' })).not.toEqual([]);
    expect(validate('metadata/template', { ...template, output: 'docx' })).not.toEqual([]);
    expect(validate('metadata/template', { ...template, routing: { dmp: {} } })).not.toEqual([]);

    const manifest = { id: 'pde', version: '0.1.0', title: 'Pack protection de l’enfance', cordee: '^0.1.0', forms: ['fiche-sanitaire'], grids: [], workflows: ['admission'], profiles: ['directeur'], templates: [] };
    expect(validate('metadata/pack-manifest', manifest)).toEqual([]);
    for (const range of ['>=0.1.0 <1.0.0', '0.x', '^1.2.3 || ^2.0.0', '~1.4']) expect(validate('metadata/pack-manifest', { ...manifest, cordee: range })).toEqual([]);
    expect(validate('metadata/pack-manifest', { ...manifest, cordee: 'latest' })).not.toEqual([]);
    expect(validate('metadata/pack-manifest', { ...manifest, forms: ['a', 'a'] })).not.toEqual([]);
    const { templates: _omitted, ...withoutTemplates } = manifest;
    expect(validate('metadata/pack-manifest', withoutTemplates)).not.toEqual([]);
  });

  it('validates profiles: placeholders, operators the SQL interpreter supports, nothing else', () => {
    const profile = {
      key: 'educateur',
      label: 'Éducateur',
      kind: 'staff',
      rules: [
        { action: ['read', 'update'], subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' }, status: { $in: ['active', 'admission'] } } },
        { action: 'read', subject: 'Dossier', fields: ['health.*'], inverted: true, reason: 'Réservé aux soignants' },
        { action: 'read', subject: 'Dossier', conditions: { id: { $in: { $ctx: 'ownDossierIds' } } } },
      ],
    };
    expect(validate('metadata/profile', profile)).toEqual([]);
    const withRule = (rule: Record<string, unknown>) => ({ ...profile, rules: [rule] });
    expect(validate('metadata/profile', withRule({ action: 'read', subject: 'Dossier', conditions: { unitId: { $ctx: 'teamId' } } }))).not.toEqual([]);
    expect(validate('metadata/profile', withRule({ action: 'read', subject: 'Dossier', conditions: { lastName: { $regex: '^A' } } }))).not.toEqual([]);
    // CASL's default matcher has no $or/$and: alternatives are separate rules, so SQL and memory agree
    expect(validate('metadata/profile', withRule({ action: 'read', subject: 'Dossier', conditions: { $or: [{ unitId: 'u' }] } }))).not.toEqual([]);
    expect(validate('metadata/profile', withRule({ action: 'read', subject: 'Dossier', conditions: { id: { $in: 'x' } } }))).not.toEqual([]);
    expect(validate('metadata/profile', withRule({ action: 'read', subject: 'dossier' }))).not.toEqual([]);
    expect(validate('metadata/profile', withRule({ action: [], subject: 'Dossier' }))).not.toEqual([]);
    expect(validate('metadata/profile', withRule({ action: 'read', subject: 'Dossier', when: 'always' }))).not.toEqual([]);
    expect(validate('metadata/profile', { ...profile, kind: 'guest' })).not.toEqual([]);
  });

  it('names the offending field in the most specific issue', () => {
    const profile = { key: 'x', label: 'X', kind: 'staff', rules: [{ action: 'read', subject: 'Dossier', when: 1, conditions: { unitId: { $ctx: 'teamId' } } }] };
    expect(validateContract('metadata/profile', profile)).toEqual([
      { path: '/rules/0/when', message: 'is not an allowed field' },
      { path: '/rules/0/conditions/unitId/$ctx', message: expect.stringMatching(/^must be one of "accountId", .*"ownDossierIds"/) },
    ]);
    expect(validateContract('metadata/profile', { key: 'x', label: 'X', kind: 'staff' })).toEqual([{ path: '/rules', message: 'is required' }]);
  });

  it('validates each establishment overlay operation and refuses unknown ones', () => {
    const field = { type: 'string', title: 'Régime alimentaire', 'x-cordee-category': 'health_daily' };
    const operations = [
      { op: 'addField', path: '/properties/sante', name: 'regime', schema: field, required: false, after: 'allergies' },
      { op: 'hideField', path: '/properties/surnom' },
      { op: 'relabel', path: '/properties/referent', title: 'Éducateur référent' },
      { op: 'addEnumValue', path: '/properties/motif/enum', value: 'sejour_rupture', label: 'Séjour de rupture' },
      { op: 'tightenConstraint', path: '/properties/telephone', keyword: 'required', value: true },
      { op: 'reorder', path: '/properties/identite', order: ['nom', 'prenoms'] },
      { op: 'swapWorkflowVariant', path: '/process/admission', workflow: 'admission-urgence', version: '1.0.0' },
      { op: 'addRules', path: '/rules', rules: [{ action: 'read', subject: 'Dossier', conditions: { unitId: { $ctx: 'unitId' } } }] },
    ];
    const overlay = { target: { kind: 'form', key: 'fiche-sanitaire' }, baseVersion: '1.2.0', operations };
    expect(validate('metadata/establishment-overlay', overlay)).toEqual([]);
    for (const bad of [
      { op: 'removeField', path: '/properties/nom' },
      { op: 'hideField', path: 'properties/nom' },
      { op: 'relabel', path: '/properties/nom' },
      { op: 'tightenConstraint', path: '/properties/nom', keyword: 'type', value: 'number' },
      { op: 'addRules', path: '/rules', rules: [{ action: 'read', subject: 'Dossier', conditions: { x: { $ctx: 'everyone' } } }] },
    ]) {
      expect(validate('metadata/establishment-overlay', { ...overlay, operations: [bad] })).not.toEqual([]);
    }
    expect(validate('metadata/establishment-overlay', { ...overlay, operations: [] })).not.toEqual([]);
    expect(validate('metadata/establishment-overlay', { ...overlay, target: { kind: 'report', key: 'x' } })).not.toEqual([]);
  });
});
