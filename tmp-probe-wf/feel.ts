import { evaluateExpression } from '../engine/core/src/expressions/feel';
for (const e of ['date(admissionDate) + duration("P15D")', 'date and time("2026-01-01T10:00:00") + duration("PT2H")', 'duration("P15D")', 'decision = "ok"', 'date(admissionDate) + duration("P1M")', 'string(date(admissionDate) + duration("P1M"))'])
  console.log(e, '=>', JSON.stringify(evaluateExpression(e, { admissionDate: '2026-01-31', decision: 'ok' })));
