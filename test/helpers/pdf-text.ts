/**
 * The text of a PDF produced by Cordée (pdfkit through pdfmake), read the way a PDF reader does:
 * content streams inflated, each glyph code mapped back to Unicode through the `/ToUnicode` map of
 * its font. Enough for the documents' embedded Type0 fonts (Identity-H, two-byte codes); not a
 * general PDF parser.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function objectsOf(bytes: Buffer): Map<number, PdfObject> {
  const text = bytes.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of text.matchAll(/(\d+) 0 obj\s*/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const streamAt = body.indexOf('stream\n');
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dictionary: body, stream: null });
      continue;
    }
    const dictionary = body.slice(0, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1] ?? 0);
    const raw = bytes.subarray(start + streamAt + 'stream\n'.length, start + streamAt + 'stream\n'.length + length);
    objects.set(Number(match[1]), { dictionary, stream: dictionary.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  return objects;
}

const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');

/** A `/ToUnicode` CMap as glyph code -> text (bfchar and bfrange, with or without an array of targets; a ligature maps to several characters). */
function unicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, target] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(Number.parseInt(code!, 16), utf16(target!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, targets] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const first = Number.parseInt(from!, 16);
      const last = Number.parseInt(to!, 16);
      if (targets!.startsWith('[')) {
        [...targets!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach(([, hex], i) => map.set(first + i, utf16(hex!)));
      } else {
        const base = Number.parseInt(targets!.slice(1, -1), 16);
        for (let code = first; code <= last; code++) map.set(code, String.fromCharCode(base + code - first));
      }
    }
  }
  return map;
}

/** The text runs of a PDF in drawing order, one run per text object (a line, or part of a line), with single spaces. */
export function pdfText(bytes: Buffer): string {
  const objects = objectsOf(bytes);
  const fonts = new Map<string, Map<number, string>>();
  for (const { dictionary } of objects.values()) {
    for (const [, name, ref] of dictionary.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(ref))?.dictionary ?? '')?.[1];
      const cmap = toUnicode ? objects.get(Number(toUnicode))?.stream : null;
      if (cmap && !fonts.has(name!)) fonts.set(name!, unicodeMap(cmap.toString('latin1')));
    }
  }
  const runs: string[] = [];
  for (const { dictionary, stream } of objects.values()) {
    if (!stream || /\/(Length1|Subtype|Type)\b/.test(dictionary)) continue;
    const content = stream.toString('latin1');
    if (!content.includes('BT') || content.includes('begincmap')) continue;
    let font = new Map<number, string>();
    for (const [, name, shown] of content.matchAll(/\/(F\d+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g)) {
      if (name) {
        font = fonts.get(name) ?? new Map();
        continue;
      }
      let run = '';
      for (const [, hex] of shown!.matchAll(/<([0-9a-fA-F]*)>/g)) {
        for (let i = 0; i + 4 <= hex!.length; i += 4) run += font.get(Number.parseInt(hex!.slice(i, i + 4), 16)) ?? '';
      }
      runs.push(run);
    }
  }
  return runs.join(' ').replace(/\s+/g, ' ');
}

/** Whether a PDF's text contains a phrase, whatever the line breaks and run boundaries of its layout. */
export const pdfContains = (text: string, phrase: string) => text.replace(/\s+/g, '').includes(phrase.replace(/\s+/g, ''));
