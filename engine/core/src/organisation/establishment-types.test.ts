import { schemaRegistry } from '@cordee/metadata';
import { establishmentTypes } from './establishment-types';

describe('establishment types', () => {
  it('are the values the API schemas accept', () => {
    const keys = Object.keys(establishmentTypes).sort();
    for (const id of ['api/establishment-create-request', 'api/establishment-update-request', 'api/establishment-view'] as const) {
      const schema = schemaRegistry().get(id) as { properties: { type: { enum: string[] } } } | undefined;
      expect([...(schema?.properties.type.enum ?? [])].sort()).toEqual(keys);
    }
  });
});
