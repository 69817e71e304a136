import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS, missingNodeFlags } from './node-flags';

const scripts = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('V8 settings of the server', () => {
  it.each(['start', 'bench'])('`npm run %s` passes every one of them to node', (name) => {
    const words = scripts[name]!.split(/\s+/);
    expect(words[0]).toBe('node');
    expect(missingNodeFlags(words)).toEqual([]);
  });

  it('names the settings a process was started without', () => {
    expect(missingNodeFlags(['--import', 'tsx'])).toEqual([...SERVER_NODE_FLAGS]);
    expect(missingNodeFlags([...SERVER_NODE_FLAGS, '--import', 'tsx'])).toEqual([]);
  });
});
