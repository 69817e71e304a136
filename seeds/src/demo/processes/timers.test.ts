import { ageDurationTimers } from './timers';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('ageDurationTimers', () => {
  const ran = Date.parse('2026-05-14T10:00:00Z');
  const steps = [
    { ranAt: ran, at: ran - 8 * 24 * H }, // started 8 days ago in the story
    { ranAt: ran + 50, at: ran - 10 * H }, // a task completed 10 hours ago
  ];

  it('moves each duration timer back by how much earlier the step that set it stands for', () => {
    const state = {
      definitions: [
        {
          execution: {
            children: [
              { id: 'relance', content: { timerType: 'timeDuration', timeDuration: 'P5D', startedAt: iso(ran + 10), expireAt: iso(ran + 10 + 120 * H) } },
              { id: 'confirmation', content: { timerType: 'timeDuration', timeDuration: 'PT48H', startedAt: iso(ran + 60), expireAt: iso(ran + 60 + 48 * H) } },
              { id: 'contrat', content: { timerType: 'timeDate', timeDate: '2026-05-29', startedAt: iso(ran + 10), expireAt: '2026-05-29T21:59:59.000Z' } },
            ],
          },
        },
      ],
    };
    const { state: aged, earliest } = ageDurationTimers(state, steps);
    const [relance, confirmation, contrat] = (aged as typeof state).definitions[0]!.execution.children.map((c) => c.content);
    expect(relance).toMatchObject({ startedAt: iso(ran + 10 - 8 * 24 * H), expireAt: iso(ran + 10 - 3 * 24 * H) });
    expect(confirmation).toMatchObject({ startedAt: iso(ran + 10 - 10 * H), expireAt: iso(ran + 10 + 38 * H) });
    // a timer set on a date is already right
    expect(contrat).toEqual(state.definitions[0]!.execution.children[2]!.content);
    expect(earliest).toBe(ran + 10 - 3 * 24 * H);
    // the state given is left as it was
    expect(state.definitions[0]!.execution.children[0]!.content.expireAt).toBe(iso(ran + 10 + 120 * H));
  });

  it('leaves a state without duration timers, or made at the time it stands for, unchanged', () => {
    const state = { content: { timerType: 'timeDuration', startedAt: iso(ran + 5), expireAt: iso(ran + H) } };
    expect(ageDurationTimers(state, [{ ranAt: ran, at: ran }])).toEqual({ state, earliest: null });
    expect(ageDurationTimers({ a: [1, 'x', null] }, steps)).toEqual({ state: { a: [1, 'x', null] }, earliest: null });
  });
});
