import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeholderNames } from '@cordee/core';
import { schemaRegistry } from '@cordee/metadata';
import { packDir, packProfiles, readProfiles } from './pack';

const validProfile = {
  key: 'educateur',
  label: 'Éducateur',
  kind: 'staff',
  rules: [{ action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' } } }],
};

describe('pack loader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cordee-pack-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) => writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

  it('loads every profile file of the pack, each valid and named after its key', () => {
    const files = readdirSync(join(packDir, 'profiles')).filter((f) => f.endsWith('.json'));
    const profiles = packProfiles();
    expect(profiles.map((p) => `${p.key}.json`)).toEqual(files.sort());
    expect(profiles.length).toBeGreaterThanOrEqual(14);
    for (const profile of profiles) {
      expect(['staff', 'administration', 'usager']).toContain(profile.kind);
      expect(profile.rules.length).toBeGreaterThan(0);
    }
    expect(profiles.find((p) => p.key === 'usager')?.rules[0]).toEqual({
      action: 'read',
      subject: 'Dossier',
      conditions: { id: { $in: { $ctx: 'ownDossierIds' } } },
    });
  });

  it('keeps the whole definition, description included (it is published as a profile artefact)', () => {
    write('educateur.json', { ...validProfile, description: 'Vie quotidienne' });
    expect(readProfiles(dir)).toEqual([{ ...validProfile, description: 'Vie quotidienne' }]);
  });

  it('reports an unknown placeholder with the file and the field', () => {
    write('educateur.json', { ...validProfile, rules: [{ action: 'read', subject: 'Dossier', conditions: { unitId: { $ctx: 'teamId' } } }] });
    expect(() => readProfiles(dir)).toThrow(/educateur\.json does not match the metadata\/profile schema:\n {2}\/rules\/0\/conditions\/unitId\/\$ctx: must be one of "accountId"/);
  });

  it('reports unknown and missing fields, and operators the SQL interpreter cannot translate', () => {
    write('educateur.json', { key: 'educateur', label: 'Éducateur', kind: 'staff', rules: [{ actions: 'read', subject: 'Dossier', conditions: { lastName: { $regex: '^A' } } }] });
    let message = '';
    try {
      readProfiles(dir);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('educateur.json does not match');
    expect(message).toContain('/rules/0/actions: is not an allowed field');
    expect(message).toContain('/rules/0/action: is required');
    expect(message).toContain('/rules/0/conditions/lastName/$regex: is not an allowed field');
  });

  it('reports a file that is not JSON, or not named after its key', () => {
    write('educateur.json', '{ "key": ');
    expect(() => readProfiles(dir)).toThrow(/educateur\.json: not valid JSON/);
    rmSync(join(dir, 'educateur.json'));
    write('moniteur.json', validProfile);
    expect(() => readProfiles(dir)).toThrow(/moniteur\.json: \/key is "educateur" but the file must be named after its key/);
  });

  it('the profile schema knows exactly the placeholders the ability resolves', () => {
    const profile = schemaRegistry().get('metadata/profile') as unknown as { $defs: { placeholder: { properties: { $ctx: { oneOf: { const: string }[] } } } } };
    expect(profile.$defs.placeholder.properties.$ctx.oneOf.map((o) => o.const).sort()).toEqual([...placeholderNames].sort());
  });
});
