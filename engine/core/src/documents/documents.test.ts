import type { Content } from 'pdfmake/interfaces';
import { answersTableHtml, displayAnswers } from './answers-display';
import { frenchDate, frenchDateTime, frenchNumber } from './french-format';
import { htmlToPdfDefinition } from './html-to-pdf';
import { renderTemplateHtml } from './template-render';

const schema = {
  type: 'object',
  properties: {
    type_document: { type: 'string', title: 'Type de document', enum: ['contrat_sejour', 'dipc'], 'x-cordee-enumLabels': { contrat_sejour: 'Contrat de séjour', dipc: 'DIPC' } },
    date_debut: { type: 'string', format: 'date', title: 'Début' },
    accord: { type: 'boolean', title: 'Accord' },
    annexes: { type: 'array', title: 'Annexes', items: { type: 'string', oneOf: [{ const: 'livret', title: 'Livret d’accueil' }, { const: 'charte', title: 'Charte' }] } },
    objectifs: { type: 'array', title: 'Objectifs', items: { type: 'object', properties: { libelle: { type: 'string', title: 'Libellé' } } } },
  },
};

describe('French formats', () => {
  it('formats days, instants and numbers the French way', () => {
    expect(frenchDate('2026-04-03')).toBe('3 avril 2026');
    expect(frenchDate('2026-04-03', 'short')).toBe('03/04/2026');
    expect(frenchDateTime('2026-04-03T12:05:00Z')).toBe('3 avril 2026 à 14:05');
    expect(frenchNumber(1234.5)).toBe('1\u202f234,5');
    expect(frenchDate(null)).toBe('');
    expect(frenchDate('pas une date')).toBe('pas une date');
  });
});

describe('answers display', () => {
  const data = { type_document: 'dipc', date_debut: '2026-02-02', accord: false, annexes: ['livret', 'charte'], objectifs: [{ libelle: 'Scolarité <régulière>' }] };

  it('shows codes with their labels, booleans, dates and lists', () => {
    expect(displayAnswers(schema, data)).toEqual({ type_document: 'DIPC', date_debut: '2 février 2026', accord: 'Non', annexes: 'Livret d’accueil, Charte', objectifs: [{ libelle: 'Scolarité <régulière>' }] });
  });

  it('lays every answer out in the order of the form, escaped', () => {
    const html = answersTableHtml(schema, data);
    expect(html.indexOf('Type de document')).toBeLessThan(html.indexOf('Début'));
    expect(html).toContain('Objectifs — n° 1');
    expect(html).toContain('Scolarité &lt;régulière&gt;');
    expect(html).not.toContain('<régulière>');
    expect(answersTableHtml(schema, {})).toContain('Aucune réponse');
  });
});

describe('document templates', () => {
  it('renders with helpers, escapes values, and compiles once per content address', () => {
    const source = '<h1>{{title}}</h1><p>{{date day}} — {{yesno flag}} — {{number n}}</p>{{#if (eq kind "dipc")}}<p>DIPC</p>{{/if}}';
    const html = renderTemplateHtml('hash-a', source, { title: 'A & <b>', day: '2026-04-03', flag: true, n: 2.5, kind: 'dipc' });
    expect(html).toBe('<h1>A &amp; &lt;b&gt;</h1><p>3 avril 2026 — Oui — 2,5</p><p>DIPC</p>');
    // same key: the compiled template is reused even if another source is given
    expect(renderTemplateHtml('hash-a', '<p>autre</p>', { title: 'B', day: '', flag: false, n: 0, kind: '' })).toContain('<h1>B</h1>');
  });

  it('reports a template syntax error as a TemplateError', () => {
    expect(() => renderTemplateHtml('hash-bad', '{{#if x}}<p>', {})).toThrow(/Parse error|Expecting/);
  });

  it('does not reach prototype properties', () => {
    expect(renderTemplateHtml('hash-proto', '{{constructor.name}}', {})).toBe('');
  });
});

describe('HTML to PDF layout', () => {
  const meta = { title: 'T', author: 'A', subject: 'S', footer: 'F', createdAt: new Date('2026-04-03T10:00:00Z') };
  type Node = Record<string, unknown>;
  const find = (content: unknown, predicate: (c: Node) => boolean): Node | undefined => {
    for (const c of content as Node[]) {
      if (predicate(c)) return c;
      const nested = c.stack ?? c.columns;
      const found = nested ? find(nested, predicate) : undefined;
      if (found) return found;
    }
    return undefined;
  };

  it('maps headings, inline styles, lists and tables (with colspan filled to the width)', () => {
    const def = htmlToPdfDefinition('<h1>Titre</h1><p>Un <strong>gras</strong> et <em>italique</em></p><ul><li>a</li><li>b</li></ul><table class="answers"><tr><th colspan="2">Groupe</th></tr><tr><td>Nom</td><td>X</td></tr></table>', meta);
    const content = def.content as Content[];
    expect(content[0]).toMatchObject({ style: 'h1', text: [{ text: 'Titre' }] });
    expect(content[1]).toMatchObject({ text: [{ text: 'Un ' }, { text: 'gras', bold: true }, { text: ' et ' }, { text: 'italique', italics: true }] });
    expect((content[2] as { ul: unknown[] }).ul).toHaveLength(2);
    const table = find(content, (c) => 'table' in c) as { table: { body: unknown[][]; widths: unknown[] } };
    expect(table.table.widths).toEqual(['38%', '*']);
    expect(table.table.body[0]).toEqual([expect.objectContaining({ colSpan: 2 }), { text: '' }]);
    expect(def.info).toMatchObject({ title: 'T', producer: 'Cordée' });
    expect(def.pageSize).toBe('A4');
  });

  it('takes the body of a full HTML page, drops scripts and styles, lays signature boxes side by side', () => {
    const def = htmlToPdfDefinition('<!doctype html><html><head><style>p{}</style></head><body><script>x()</script><div class="signatures"><div><p>Un</p></div><div><p>Deux</p></div></div></body></html>', meta);
    const content = def.content;
    expect(JSON.stringify(content)).not.toContain('x()');
    expect(JSON.stringify(content)).not.toContain('p{}');
    expect(find(content, (c) => 'columns' in c)).toMatchObject({ columns: [expect.anything(), expect.anything()] });
  });
});
