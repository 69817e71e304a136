import { cleanFilename } from '../attachments/attachment-files';
import { attachmentReferences } from './attachment-refs';
import { listFields } from './schema-fields';

const ref = { type: 'object', title: 'Pièce', 'x-cordee-widget': 'attachment', properties: { attachmentId: { type: 'string', format: 'uuid', title: 'Identifiant' } } };
const fields = listFields({
  type: 'object',
  properties: {
    jugement: ref,
    photos: { type: 'array', title: 'Photos', items: ref },
    contacts: { type: 'array', title: 'Contacts', items: { type: 'object', properties: { piece: ref } } },
    note: { type: 'string', title: 'Note' },
  },
});

describe('attachment references', () => {
  it('finds single, listed and nested references and flags values that do not follow the convention', () => {
    const data = { jugement: { attachmentId: 'a' }, photos: [{ attachmentId: 'b' }, 'c'], contacts: [{ piece: { attachmentId: 'd' } }, {}], note: 'x' };
    expect(attachmentReferences(data, fields)).toEqual([
      { path: '/jugement', attachmentId: 'a' },
      { path: '/photos/0', attachmentId: 'b' },
      { path: '/photos/1', attachmentId: null },
      { path: '/contacts/0/piece', attachmentId: 'd' },
    ]);
    expect(attachmentReferences({ note: 'x' }, fields)).toEqual([]);
  });

  it('keeps only the base name of an uploaded file, without control characters', () => {
    expect(cleanFilename('C:\\Users\\x\\jugement du 3 mai.pdf')).toBe('jugement du 3 mai.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('a\u0000b\n.txt')).toBe('ab.txt');
    expect(cleanFilename('..')).toBeNull();
    expect(cleanFilename(undefined)).toBeNull();
  });
});
