import { parseDocument } from 'htmlparser2';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';

/**
 * The HTML subset document templates are written in, laid out for pdfmake: headings h1–h3,
 * paragraphs, div/section, lists, tables (th, td, colspan, thead repeated on each page), hr, br,
 * strong/b, em/i, u, small, and the classes `muted`, `right`, `center`, `signatures`, `page-break`.
 * Anything else is laid out as its text: a template cannot make the PDF differ from its preview
 * in substance.
 */
/** The DOM node types of htmlparser2 (its own dependency domhandler), named from what it returns. */
type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { name: string; attribs: Record<string, string> }>;

type Inline = { text: string; bold?: boolean; italics?: boolean; decoration?: 'underline'; fontSize?: number; color?: string };
interface InlineStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  small?: boolean;
}

const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const classes = (e: Element) => (e.attribs.class ?? '').split(/\s+/).filter(Boolean);
const BLOCK = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'div', 'section', 'article', 'header', 'footer', 'ul', 'ol', 'table', 'hr', 'blockquote']);

function inlines(nodes: ChildNode[], style: InlineStyle, out: Inline[] = []): Inline[] {
  for (const n of nodes) {
    if (n.type === 'text') {
      const text = n.data.replace(/\s+/g, ' ');
      if (text) out.push({ text, ...(style.bold ? { bold: true } : {}), ...(style.italics ? { italics: true } : {}), ...(style.underline ? { decoration: 'underline' as const } : {}), ...(style.small ? { fontSize: 8 } : {}) });
    } else if (isElement(n)) {
      if (n.name === 'script' || n.name === 'style') continue;
      if (n.name === 'br') {
        out.push({ text: '\n' });
        continue;
      }
      const next: InlineStyle = {
        ...style,
        ...(n.name === 'strong' || n.name === 'b' || n.name === 'th' ? { bold: true } : {}),
        ...(n.name === 'em' || n.name === 'i' ? { italics: true } : {}),
        ...(n.name === 'u' ? { underline: true } : {}),
        ...(n.name === 'small' ? { small: true } : {}),
      };
      inlines(n.children, next, out);
    }
  }
  return out;
}

/** Inline runs with the leading and trailing spaces of the whole run trimmed (HTML collapses them). */
function trimmed(runs: Inline[]): Inline[] {
  const kept = runs.filter((r) => r.text !== '');
  if (kept.length === 0) return [];
  kept[0] = { ...kept[0]!, text: kept[0]!.text.replace(/^ +/, '') };
  const last = kept.length - 1;
  kept[last] = { ...kept[last]!, text: kept[last]!.text.replace(/ +$/, '') };
  return kept.filter((r) => r.text !== '');
}

function alignment(e: Element): { alignment?: 'right' | 'center' } {
  const c = classes(e);
  return c.includes('right') ? { alignment: 'right' } : c.includes('center') ? { alignment: 'center' } : {};
}

function cellOf(e: Element): TableCell {
  const hasBlocks = e.children.some((c) => isElement(c) && BLOCK.has(c.name));
  const span = Math.max(1, Number.parseInt(e.attribs.colspan ?? '1', 10) || 1);
  const base = hasBlocks ? { stack: blocks(e.children) } : { text: trimmed(inlines(e.children, e.name === 'th' ? { bold: true } : {})) };
  return { ...base, ...(span > 1 ? { colSpan: span } : {}), ...(e.name === 'th' ? { fillColor: '#eef1f5' } : {}), ...alignment(e) } as TableCell;
}

function tableOf(e: Element): Content {
  const rows: Array<{ cells: Element[]; head: boolean }> = [];
  const collect = (nodes: ChildNode[], head: boolean) => {
    for (const n of nodes) {
      if (!isElement(n)) continue;
      if (n.name === 'tr') rows.push({ cells: n.children.filter(isElement).filter((c) => c.name === 'td' || c.name === 'th'), head });
      else if (n.name === 'thead') collect(n.children, true);
      else if (n.name === 'tbody' || n.name === 'tfoot') collect(n.children, false);
    }
  };
  collect(e.children, false);
  const width = Math.max(1, ...rows.map((r) => r.cells.reduce((sum, c) => sum + Math.max(1, Number.parseInt(c.attribs.colspan ?? '1', 10) || 1), 0)));
  const body: TableCell[][] = rows
    .filter((r) => r.cells.length > 0)
    .map((r) => {
      const cells: TableCell[] = [];
      for (const c of r.cells) {
        const cell = cellOf(c);
        cells.push(cell);
        const span = (cell as { colSpan?: number }).colSpan ?? 1;
        for (let i = 1; i < span; i++) cells.push({ text: '' });
      }
      while (cells.length < width) cells.push({ text: '' });
      return cells.slice(0, width);
    });
  if (body.length === 0) return { text: '' };
  const headerRows = rows.findIndex((r) => !r.head);
  const widths = classes(e).includes('answers') && width === 2 ? ['38%', '*'] : Array.from({ length: width }, () => '*');
  return {
    table: { body, widths, ...(headerRows > 0 ? { headerRows } : {}), dontBreakRows: true },
    layout: classes(e).includes('plain') ? 'noBorders' : { hLineColor: () => '#b8c0cc', vLineColor: () => '#b8c0cc', paddingTop: () => 3, paddingBottom: () => 3 },
    margin: [0, 2, 0, 8],
  } as Content;
}

const headingStyle: Record<string, string> = { h1: 'h1', h2: 'h2', h3: 'h3', h4: 'h3' };

function blocks(nodes: ChildNode[]): Content[] {
  const out: Content[] = [];
  let pending: ChildNode[] = [];
  const flush = () => {
    const runs = trimmed(inlines(pending, {}));
    if (runs.length > 0) out.push({ text: runs, margin: [0, 0, 0, 4] });
    pending = [];
  };
  for (const n of nodes) {
    if (!isElement(n) || !BLOCK.has(n.name)) {
      pending.push(n);
      continue;
    }
    flush();
    const c = classes(n);
    if (n.name in headingStyle) {
      out.push({ text: trimmed(inlines(n.children, {})), style: headingStyle[n.name]!, ...alignment(n) });
    } else if (n.name === 'p') {
      const runs = trimmed(inlines(n.children, {}));
      out.push({ text: runs.length > 0 ? runs : ' ', margin: [0, 0, 0, 6], ...alignment(n), ...(c.includes('muted') ? { color: '#5a6472', fontSize: 8 } : {}) });
    } else if (n.name === 'ul' || n.name === 'ol') {
      const items = n.children.filter(isElement).filter((li) => li.name === 'li').map((li) => ({ stack: liContent(li) }) as Content);
      out.push(n.name === 'ul' ? { ul: items, margin: [0, 0, 0, 6] } : { ol: items, margin: [0, 0, 0, 6] });
    } else if (n.name === 'table') {
      out.push(tableOf(n));
    } else if (n.name === 'hr') {
      out.push({ canvas: [{ type: 'line', x1: 0, y1: 2, x2: 515, y2: 2, lineWidth: 0.5, lineColor: '#b8c0cc' }], margin: [0, 4, 0, 8] });
    } else if (c.includes('signatures')) {
      const boxes = n.children.filter(isElement).map((child) => ({ stack: blocks(child.children), margin: [0, 0, 8, 0] }) as Content);
      out.push({ columns: boxes, columnGap: 12, margin: [0, 12, 0, 8], unbreakable: true } as Content);
    } else {
      out.push({ stack: blocks(n.children), ...(c.includes('page-break') ? { pageBreak: 'before' as const } : {}), ...(c.includes('muted') ? { color: '#5a6472' } : {}) });
    }
  }
  flush();
  return out;
}

function liContent(li: Element): Content[] {
  const hasBlocks = li.children.some((c) => isElement(c) && BLOCK.has(c.name));
  return hasBlocks ? blocks(li.children) : [{ text: trimmed(inlines(li.children, {})) }];
}

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  /** Printed in the footer of every page (e.g. the establishment and the document reference). */
  footer: string;
  createdAt: Date;
}

/** The pdfmake document of an HTML document (A4, Roboto embedded, page numbers in the footer). */
export function htmlToPdfDefinition(html: string, meta: PdfMetadata): TDocumentDefinitions {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const body = dom.children.find((n): n is Element => isElement(n) && n.name === 'html');
  const root = body ? (body.children.find((n): n is Element => isElement(n) && n.name === 'body')?.children ?? body.children) : dom.children;
  return {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 56],
    info: { title: meta.title, author: meta.author, subject: meta.subject, creator: 'Cordée', producer: 'Cordée', creationDate: meta.createdAt },
    content: blocks(root),
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        { text: meta.footer, fontSize: 7, color: '#5a6472' },
        { text: `Page ${currentPage} / ${pageCount}`, alignment: 'right', fontSize: 7, color: '#5a6472' },
      ],
      margin: [40, 16, 40, 0],
    }),
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 8], color: '#1d3557' },
      h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 5], color: '#1d3557' },
      h3: { fontSize: 10.5, bold: true, margin: [0, 6, 0, 3] },
    },
  };
}
