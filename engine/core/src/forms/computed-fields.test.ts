import { computeFields, dropServerOwned } from './computed-fields';
import { type SchemaNode, listFields } from './schema-fields';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    poids: { type: 'number', title: 'Poids (kg)' },
    taille: { type: 'number', title: 'Taille (m)' },
    imc: { type: 'number', title: 'IMC', 'x-cordee-computed': 'if poids = null or taille = null then null else decimal(poids / (taille * taille), 1)' },
    classe_imc: { type: 'string', title: 'Classe', 'x-cordee-computed': 'if imc = null then null else if imc < 18.5 then "maigreur" else "normal"' },
    reference: { type: 'string', title: 'Référence', readOnly: true },
    bilan: { type: 'object', title: 'Bilan', properties: { total: { type: 'integer', title: 'Total', 'x-cordee-computed': 'count(depenses)' } } },
    depenses: {
      type: 'array',
      title: 'Dépenses',
      items: {
        type: 'object',
        properties: {
          montant: { type: 'number', title: 'Montant' },
          quantite: { type: 'integer', title: 'Quantité' },
          sous_total: { type: 'number', title: 'Sous-total', 'x-cordee-computed': 'montant * quantite' },
        },
      },
    },
  },
};
const fields = listFields(schema);

describe('server-owned fields', () => {
  it('drops every client value of computed and read-only fields, inside lists too, without touching the input', () => {
    const input = { poids: 40, imc: 99, reference: 'X', depenses: [{ montant: 2, sous_total: 1000 }, { montant: 3 }] };
    const { data, dropped } = dropServerOwned(input, fields);
    expect(data).toEqual({ poids: 40, depenses: [{ montant: 2 }, { montant: 3 }] });
    expect(dropped.sort()).toEqual(['/depenses/0/sous_total', '/imc', '/reference']);
    expect(input.imc).toBe(99);
  });

  it('computes in schema order, per list item, in groups it creates, and leaves null results empty', () => {
    const { data, computed } = computeFields({ poids: 40, taille: 1.6, depenses: [{ montant: 2.5, quantite: 2 }, { montant: 3 }] }, fields);
    expect(data).toEqual({
      poids: 40,
      taille: 1.6,
      imc: 15.6,
      classe_imc: 'maigreur',
      bilan: { total: 2 },
      depenses: [{ montant: 2.5, quantite: 2, sous_total: 5 }, { montant: 3 }],
    });
    expect(computed).toEqual({ '/imc': 15.6, '/classe_imc': 'maigreur', '/bilan/total': 2, '/depenses/0/sous_total': 5 });
    const partial = computeFields({ poids: 40, imc: 12 }, fields);
    expect(partial.data).toEqual({ poids: 40 });
    expect(partial.computed).toEqual({});
  });

  it('lets the given context (a grid’s scores) win over answers of the same name', () => {
    const gridFields = listFields({ type: 'object', properties: { items: { type: 'object', title: 'Items' }, synthese: { type: 'number', title: 'Synthèse', 'x-cordee-computed': 'items.a + 1' } } });
    expect(computeFields({ items: { a: { niveau: '3' } } }, gridFields, { items: { a: 3 } }).computed).toEqual({ '/synthese': 4 });
  });
});
