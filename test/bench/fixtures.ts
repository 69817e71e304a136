/** Wide forms and grids for benchmarks, built like real ones (labels, lists, computed fields). */

export function wideFormDefinition(fields: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < fields; i++) {
    const name = `champ_${String(i).padStart(3, '0')}`;
    switch (i % 5) {
      case 0:
        properties[name] = { type: 'string', title: `Texte ${i}`, maxLength: 500 };
        break;
      case 1:
        properties[name] = { type: 'integer', title: `Nombre ${i}`, minimum: 0, maximum: 1000 };
        break;
      case 2:
        properties[name] = { type: 'string', title: `Choix ${i}`, enum: ['a', 'b', 'c'], 'x-cordee-enumLabels': { a: 'A', b: 'B', c: 'C' } };
        break;
      case 3:
        properties[name] = { type: 'boolean', title: `Case ${i}` };
        break;
      default:
        properties[name] = { type: 'string', format: 'date', title: `Date ${i}` };
    }
  }
  properties.total = { type: ['number', 'null'], title: 'Total calculé', readOnly: true, 'x-cordee-computed': 'champ_001 + champ_006' };
  return {
    title: `Formulaire de ${fields} champs`,
    schema: { type: 'object', required: ['champ_000', 'champ_001'], properties },
    uiSchema: { 'ui:order': [...Object.keys(properties)] },
  };
}

/** Answers for the wide form: different on every call, as real submissions are. */
export function wideFormAnswers(fields: number, seed: number): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (let i = 0; i < fields; i++) {
    const name = `champ_${String(i).padStart(3, '0')}`;
    const v = (seed * 31 + i * 17) % 997;
    data[name] = [`réponse ${v}`, v, ['a', 'b', 'c'][v % 3], v % 2 === 0, `2026-0${1 + (v % 9)}-1${v % 9}`][i % 5];
  }
  return data;
}

export function wideGridDefinition(items: number, variant = 0): Record<string, unknown> {
  const itemProps: Record<string, unknown> = {};
  const itemList: Array<Record<string, unknown>> = [];
  for (let i = 0; i < items; i++) {
    const id = `item_${String(i).padStart(3, '0')}`;
    itemProps[id] = {
      type: 'object',
      title: `Item ${i}${variant ? ' (révisé)' : ''}`,
      properties: {
        niveau: { type: 'string', title: 'Niveau', oneOf: ['0', '1', '2', '3', 'NE'].map((c) => ({ const: c, title: `Niveau ${c}` })) },
        observations: { type: 'string', title: 'Observations' },
      },
    };
    itemList.push({ id, label: `Item ${i}`, scale: 'niveau', domain: `domaine_${i % 10}` });
  }
  return {
    title: `Grille de ${items} items`,
    schema: { type: 'object', properties: { items: { type: 'object', title: 'Items', properties: itemProps } } },
    uiSchema: {},
    scales: [{ id: 'niveau', label: 'Niveau', options: [...['0', '1', '2', '3'].map((c) => ({ value: c, label: `Niveau ${c}`, weight: Number(c) })), { value: 'NE', label: 'Non évalué', notEvaluated: true }] }],
    items: itemList,
    scores: [
      { id: 'minimum', label: 'Minimum', expression: 'min(weights)' },
      { id: 'moyenne', label: 'Moyenne', expression: 'if evaluated = 0 then null else mean(weights)' },
    ],
    bands: [{ score: 'moyenne', ranges: [{ max: 1, label: 'Préoccupant', level: 'concern' }, { min: 1.01, label: 'Satisfaisant', level: 'satisfactory' }] }],
    alerts: [{ id: 'zero', condition: 'some w in weights satisfies w = 0', message: 'Un item à zéro.', level: 'danger' }],
  };
}
