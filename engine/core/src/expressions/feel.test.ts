import { evaluate } from 'feelin';
import { EXPRESSION_LIMITS, evaluateExpression, expressionProblem } from './feel';

describe('FEEL expressions', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['min([a, b, c])', { a: 2, b: 1, c: 3 }],
    ['if count(xs) = 0 then null else mean(xs)', { xs: [1, 2, 4] }],
    ['if count(xs) = 0 then null else mean(xs)', { xs: [] }],
    ['some w in weights satisfies w = 0', { weights: [3, 0] }],
    ['sum(for i in items return i.score)', { items: [{ score: 1 }, { score: 2.5 }] }],
    ['date(debut) + duration("P15D")', { debut: '2026-01-20' }],
    ['a.b.c', { a: { b: { c: 'profond' } } }],
    ['x > 3 and y = "oui"', { x: 4, y: 'oui' }],
  ];

  it('gives exactly what feelin gives, evaluation after evaluation (parse trees are reused)', () => {
    for (let round = 0; round < 3; round++) {
      for (const [source, context] of cases) {
        const expected = evaluate(source, context).value;
        const plain = expected && typeof expected === 'object' && 'iso' in (expected as object) ? (expected as { iso: string }).iso : expected;
        expect(evaluateExpression(source, { ...context, tour: round })).toEqual(plain);
      }
    }
  });

  it('parses names with spaces correctly when a context holds them (no shared tree then)', () => {
    expect(evaluate('Nom complet', { 'Nom complet': 'A' }).value).toBe('A');
    expect(evaluateExpression('Nom complet', { 'Nom complet': 'B' })).toBe('B');
    expect(evaluateExpression('Nom complet', { 'Nom complet': 'C' })).toBe('C');
  });

  it('refuses unbounded or unsafe expressions with a French message', () => {
    expect(expressionProblem('for i in 1..100000000 return i')?.message).toMatch(/intervalle/);
    expect(expressionProblem('for i in 1..n return i')?.message).toMatch(/bornes littérales/);
    expect(expressionProblem('{f: function(x) f(x)}.f(1)')?.message).toMatch(/fonction/);
    expect(expressionProblem('1 +')?.message).toMatch(/invalide/);
    expect(expressionProblem('x'.repeat(EXPRESSION_LIMITS.maxLength + 1))?.message).toMatch(/dépasse/);
    expect(expressionProblem('for i in 1..10 return i')).toBeNull();
    expect(() => evaluateExpression('for i in 1..n return i', { n: 5 })).toThrow(/bornes/);
  });
});
