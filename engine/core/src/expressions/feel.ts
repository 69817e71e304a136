import { evaluate, parseExpression } from 'feelin';
import { parser as feelParser } from 'lezer-feel';
import { canonicalJson } from '../audit/audit-entry';

/**
 * FEEL is the one expression language of Cordée (computed fields, grid scores and alerts,
 * workflow conditions and due dates). Expressions are checked when metadata is published and
 * evaluated on the server only. They are bounded by construction: no user-defined functions
 * (hence no recursion), iteration only over lists that come from the bounded form data or over
 * small literal ranges, and a cap on size and nesting.
 */
export const EXPRESSION_LIMITS = { maxLength: 4000, maxNodes: 2000, maxDepth: 64, maxRange: 10_000 } as const;

export interface ExpressionProblem {
  message: string;
  from: number;
  to: number;
}

interface Analysis {
  problem: ExpressionProblem | null;
  /** Every name the expression mentions: the only context entries its value can depend on. */
  names: string[];
  /** Uses the clock (now(), today()): its value is never memoized. */
  usesClock: boolean;
}

const analysed = new Map<string, Analysis>();

function rangeSize(source: string, from: number, to: number): number | null {
  const text = source.slice(from, to).trim();
  const match = /^(-?\d+)\s*\.\.\s*(-?\d+)$/.exec(text);
  if (!match) return null;
  return Math.abs(Number(match[2]) - Number(match[1])) + 1;
}

function analyse(source: string): Analysis {
  const usesClock = /\b(now|today)\s*\(/.test(source);
  if (source.length > EXPRESSION_LIMITS.maxLength) return { problem: { message: `L’expression dépasse ${EXPRESSION_LIMITS.maxLength} caractères.`, from: 0, to: source.length }, names: [], usesClock };
  let tree;
  try {
    tree = parseExpression(source, {}, undefined);
  } catch (error) {
    return { problem: { message: `Expression FEEL invalide : ${(error as Error).message}`, from: 0, to: source.length }, names: [], usesClock };
  }
  const names = new Set<string>();
  let nodes = 0;
  let depth = 0;
  let problem: ExpressionProblem | null = null;
  tree.iterate({
    enter(node) {
      if (problem) return false;
      nodes++;
      depth++;
      const name = node.type.name;
      if (name === 'Identifier') names.add(source.slice(node.from, node.to));
      if (node.type.isError) problem = { message: `Expression FEEL invalide à la position ${node.from + 1}.`, from: node.from, to: node.to };
      else if (name === 'FunctionDefinition') problem = { message: 'Les définitions de fonction ne sont pas permises dans une expression.', from: node.from, to: node.to };
      else if (name === 'IterationContext') {
        const size = rangeSize(source, node.from, node.to);
        const isRange = /\.\./.test(source.slice(node.from, node.to));
        if (isRange && (size === null || size > EXPRESSION_LIMITS.maxRange)) {
          problem = { message: `Une itération sur un intervalle doit avoir des bornes littérales et au plus ${EXPRESSION_LIMITS.maxRange} éléments.`, from: node.from, to: node.to };
        }
      } else if (nodes > EXPRESSION_LIMITS.maxNodes) problem = { message: 'L’expression est trop longue.', from: node.from, to: node.to };
      else if (depth > EXPRESSION_LIMITS.maxDepth) problem = { message: 'L’expression est trop imbriquée.', from: node.from, to: node.to };
      return undefined;
    },
    leave() {
      depth--;
    },
  });
  return { problem, names: [...names].sort(), usesClock };
}

function analysisOf(source: string): Analysis {
  let result = analysed.get(source);
  if (result === undefined) {
    result = analyse(source);
    if (analysed.size > 10_000) analysed.clear();
    analysed.set(source, result);
  }
  return result;
}

/** Null when the expression is acceptable; else a French message with its position. Cached by source. */
export function expressionProblem(source: string): ExpressionProblem | null {
  return analysisOf(source).problem;
}

export class ExpressionError extends Error {}

/** Converts FEEL values to plain JSON: dates and durations to ISO strings, ranges and functions refused. */
function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return Number.isNaN(value) ? null : value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const iso = (value as { iso?: unknown }).iso;
    if (typeof iso === 'string') return iso;
    if (typeof (value as { toString?: unknown }).toString === 'function' && value.constructor && value.constructor !== Object) return String(value);
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(v)]));
  }
  return null;
}

/**
 * feelin parses the expression on every evaluation (about 0.5 ms here for a short one) and offers
 * no way to keep the parse. The parse of an expression only depends on the context through names
 * that contain spaces or operators (FEEL allows `Full Name`); our contexts never have such names
 * (checked below for each evaluation), so the parse trees can be kept: feelin asks the lezer-feel
 * parser it imports, and while an evaluation of ours runs, that parser answers from this cache.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TREE_CACHE_SIZE = 5_000;
const trees = new Map<string, unknown>();
let cachingTrees = false;
const configure = feelParser.configure.bind(feelParser);
const configuredByKey = new Map<string, ReturnType<typeof configure>>();
feelParser.configure = ((config: Parameters<typeof configure>[0]) => {
  const live = configure(config);
  if (!cachingTrees) return live;
  const key = `${String(config.top)}|${String(config.dialect ?? '')}`;
  let cached = configuredByKey.get(key);
  if (!cached) configuredByKey.set(key, (cached = live));
  const parser = cached;
  return Object.assign(Object.create(parser) as typeof parser, {
    parse: (input: string) => {
      const treeKey = `${key}|${input}`;
      let tree = trees.get(treeKey);
      if (!tree) {
        if (trees.size >= TREE_CACHE_SIZE) trees.clear();
        trees.set(treeKey, (tree = parser.parse(input)));
      }
      return tree;
    },
  });
}) as typeof feelParser.configure;

const plainNames = (context: Record<string, unknown>) => Object.keys(context).every((k) => IDENTIFIER.test(k));

function evaluateParsedOnce(source: string, context: Record<string, unknown>): unknown {
  cachingTrees = plainNames(context);
  try {
    return evaluate(source, context).value;
  } finally {
    cachingTrees = false;
  }
}

const MEMO_SIZE = 50_000;
const memo = new Map<string, unknown>();

/**
 * Evaluates a checked expression; a refused expression throws ExpressionError (publishing
 * prevents it). feelin parses on every call (about 0.3–0.9 ms here), so values are memoized by
 * expression and the context entries it names (FEEL is pure but for the clock functions).
 */
export function evaluateExpression(source: string, context: Record<string, unknown>): unknown {
  const analysis = analysisOf(source);
  if (analysis.problem) throw new ExpressionError(analysis.problem.message);
  // names with spaces are resolved at parse time against the context: neither trees nor values are shared then
  if (analysis.usesClock || !plainNames(context)) return toJson(evaluateParsedOnce(source, context));
  const key = `${source}\u0000${canonicalJson(analysis.names.map((n) => (Object.hasOwn(context, n) ? context[n] : undefined)))}`;
  if (memo.has(key)) {
    const value = memo.get(key);
    memo.delete(key); // keep recently used entries at the end
    memo.set(key, value);
    return value;
  }
  const value = toJson(evaluateParsedOnce(source, context));
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, value);
  return value;
}
