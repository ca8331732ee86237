import { isScalar, type Expr } from '../math/expression.js';
import { childrenOf, sameTree } from '../math/walk-expression.js';
import { compareRelations } from './compare-relations.js';
import { compareScalars } from './compare-scalars.js';
import { compareIntervalSets, toIntervalSet } from './interval-sets.js';
import { isAssignment, isComputation, isNamedSum, isWorkedChain, lastSide, nameFirst } from './named-values.js';
import { allOf, anyOf, type CompareContext, type Verdict } from './verdict.js';

/**
 * Whether the answer says what the reference says, structure by structure:
 * named values and computation chains by the value they end on, ± as its two
 * values, relations, intervals and unions as sets, tuples in order, sets and bare
 * lists in any order, matrices entry by entry, ratios up to a common factor.
 */
export function compareExpressions(ref: Expr, answer: Expr, context: CompareContext): Verdict {
  context.budget.spend();
  ref = memberSet(nameFirst(ref));
  answer = memberSet(nameFirst(answer));
  if (ref.type === 'rel' && answer.type === 'rel') {
    if (isComputation(ref) || isComputation(answer)) return compareExpressions(valueOf(ref), valueOf(answer), context);
    if (isAssignment(ref) && isAssignment(answer)) {
      const [refName, answerName] = [ref.sides[0]!, answer.sides[0]!];
      // x = 1 is not y = 1; but AB = 4 is CD = 4's value when the names are not plain variables
      if (sameTree(refName, answerName) || refName.type !== 'sym' || answerName.type !== 'sym') {
        return compareExpressions(lastSide(ref), lastSide(answer), context);
      }
    }
    return compareRelations(ref, answer, context);
  }
  if (ref.type === 'rel' && isValue(ref) && answer.type !== 'rel') return compareExpressions(lastSide(ref), answer, context);
  if (answer.type === 'rel' && (isValue(answer) || isNamedSum(answer) || isWorkedChain(answer)) && ref.type !== 'rel')
    return compareExpressions(ref, lastSide(answer), context);
  if (ref.type === 'rel' && isWorkedChain(ref) && answer.type !== 'rel') return compareExpressions(lastSide(ref), answer, context);
  if (ref.type === 'rel' && !isSetLike(answer)) return 'different';
  if (answer.type === 'rel' && !isSetLike(ref)) return 'different';
  if (ref.type === 'list' || answer.type === 'list' || ref.type === 'set' || answer.type === 'set') {
    const named = compareNamedLists(ref, answer, context);
    if (named) return named;
  }
  const refValues = plusMinusValues(ref);
  const answerValues = plusMinusValues(answer);
  if (refValues || answerValues) return compareUnordered(refValues ?? itemsOf(ref), answerValues ?? itemsOf(answer), context);
  return compareShapes(ref, answer, context);
}

/** "x \in \{-5, 2\}", "x ∈ [1, 4)": one variable's membership is the set it is in. */
function memberSet(expr: Expr): Expr {
  return expr.type === 'rel' && expr.ops.length === 1 && expr.ops[0] === 'in' && expr.sides[0]!.type === 'sym' ? expr.sides[1]! : expr;
}

/** An assignment or a computation stands for its last side; other relations stand for themselves. */
function isValue(expr: Expr): boolean {
  return isAssignment(expr) || isComputation(expr);
}

function valueOf(expr: Expr): Expr {
  return expr.type === 'rel' && isValue(expr) ? lastSide(expr) : expr;
}

function isSetLike(expr: Expr): boolean {
  return (
    ['tuple', 'union', 'reals', 'empty', 'set'].includes(expr.type) ||
    (expr.type === 'list' && expr.items.some((item) => item.type === 'rel'))
  );
}

function compareShapes(ref: Expr, answer: Expr, context: CompareContext): Verdict {
  if (isScalar(ref) && isScalar(answer)) {
    if (ref.type === 'ratio' || answer.type === 'ratio') return compareRatios(ref, answer, context);
    return compareScalars(ref, answer, context);
  }
  const refSet = toIntervalSet(ref);
  const answerSet = toIntervalSet(answer);
  const intervals = ['union', 'reals', 'empty', 'rel'];
  if (refSet && answerSet && (intervals.includes(ref.type) || intervals.includes(answer.type))) {
    return compareIntervalSets(refSet, answerSet, context);
  }
  const refItems = itemsOf(ref);
  const answerItems = itemsOf(answer);
  if (ref.type === 'tuple' && answer.type === 'tuple') {
    if (ref.open !== answer.open || ref.close !== answer.close) return 'different';
    return compareOrdered(ref.items, answer.items, context);
  }
  if (ref.type === 'matrix' || answer.type === 'matrix') return compareMatrices(ref, answer, context);
  if (ref.type === 'tuple' || answer.type === 'tuple') {
    const tuple = ref.type === 'tuple' ? ref : (answer as Extract<Expr, { type: 'tuple' }>);
    const other = ref.type === 'tuple' ? answer : ref;
    if (other.type === 'list' && tuple.open === '(' && tuple.close === ')') return compareOrdered(refItems, answerItems, context);
    if (isScalar(other)) return 'different';
  }
  const collection = (expr: Expr): boolean => expr.type === 'list' || expr.type === 'set' || expr.type === 'tuple';
  if (!collection(ref) && !collection(answer)) return 'different';
  if (refItems.length === 1 && answerItems.length === 1) return compareExpressions(refItems[0]!, answerItems[0]!, context);
  return compareUnordered(refItems, answerItems, context);
}

function itemsOf(expr: Expr): Expr[] {
  if (expr.type === 'list' || expr.type === 'set' || expr.type === 'tuple') return expr.items;
  if (expr.type === 'empty') return [];
  return [expr];
}

function compareOrdered(ref: Expr[], answer: Expr[], context: CompareContext): Verdict {
  if (ref.length !== answer.length) return 'different';
  return allOf(ref.map((item, i) => compareExpressions(item, answer[i]!, context)));
}

/** Multiset equality: every reference item matched by a distinct answer item. */
export function compareUnordered(ref: Expr[], answer: Expr[], context: CompareContext): Verdict {
  if (ref.length !== answer.length) return 'different';
  const unused = answer.map((_, i) => i);
  let verdict: Verdict = 'equal';
  for (const item of ref) {
    let found = -1;
    let unsure = false;
    for (const index of unused) {
      const result = compareExpressions(item, answer[index]!, context);
      if (result === 'equal') {
        found = index;
        break;
      }
      if (result === 'unknown') unsure = true;
    }
    if (found < 0) {
      if (!unsure) return 'different';
      verdict = 'unknown';
      continue;
    }
    unused.splice(unused.indexOf(found), 1);
  }
  return verdict;
}

/** "x = 3, y = −1" against "y = −1, x = 3" or against the tuple (3, −1): by name, or in order. */
function compareNamedLists(ref: Expr, answer: Expr, context: CompareContext): Verdict | null {
  const refItems = itemsOf(ref);
  const answerItems = itemsOf(answer);
  const refNamed = refItems.length > 1 && refItems.every(isAssignment);
  const answerNamed = answerItems.length > 1 && answerItems.every(isAssignment);
  if (refNamed && answerNamed) return compareUnordered(refItems, answerItems, context);
  if (refNamed === answerNamed) return null;
  const values = (items: Expr[]): Expr[] => items.map(valueOf);
  if (ref.type === 'tuple' || answer.type === 'tuple') return compareOrdered(values(refItems), values(answerItems), context);
  return compareUnordered(values(refItems), values(answerItems), context);
}

/** The values of an answer with a ± in it (itself a list, or one scalar); null when there is no ±. */
function plusMinusValues(expr: Expr): Expr[] | null {
  if (!containsPlusMinus(expr)) return null;
  const items = expr.type === 'list' || expr.type === 'set' ? expr.items : [expr];
  const values = items.flatMap((item) => expandPlusMinus(item));
  return values.length > items.length ? values : null;
}

function containsPlusMinus(expr: Expr): boolean {
  if (expr.type === 'pm') return true;
  if (expr.type === 'num' || expr.type === 'sym' || expr.type === 'const') return false;
  return childrenOf(expr).some(containsPlusMinus);
}

/** 1 ± √2 is the two values 1 + √2 and 1 − √2 (at most two ± per answer are expanded). */
function expandPlusMinus(expr: Expr, depth = 0): Expr[] {
  if (depth > 2 || !isScalar(expr)) return [expr];
  const path = findPlusMinus(expr);
  if (!path) return [expr];
  const plus = replacePlusMinus(expr, path, 1);
  const minus = replacePlusMinus(expr, path, -1);
  return [...expandPlusMinus(plus, depth + 1), ...expandPlusMinus(minus, depth + 1)];
}

function findPlusMinus(expr: Expr): Extract<Expr, { type: 'pm' }> | null {
  if (expr.type === 'pm') return expr;
  for (const child of childrenForPm(expr)) {
    const found = findPlusMinus(child);
    if (found) return found;
  }
  return null;
}

function childrenForPm(expr: Expr): Expr[] {
  switch (expr.type) {
    case 'add':
      return expr.terms;
    case 'mul':
      return expr.factors;
    case 'div':
      return [expr.num, expr.den];
    case 'neg':
      return [expr.arg];
    default:
      return [];
  }
}

function replacePlusMinus(expr: Expr, target: Expr, sign: 1 | -1): Expr {
  if (expr === target && expr.type === 'pm') {
    const right = sign * expr.sign > 0 ? expr.right : ({ type: 'neg', arg: expr.right } as Expr);
    return expr.left ? { type: 'add', terms: [expr.left, right] } : right;
  }
  switch (expr.type) {
    case 'add':
      return { type: 'add', terms: expr.terms.map((term) => replacePlusMinus(term, target, sign)) };
    case 'mul':
      return { type: 'mul', factors: expr.factors.map((factor) => replacePlusMinus(factor, target, sign)) };
    case 'div':
      return { type: 'div', num: replacePlusMinus(expr.num, target, sign), den: replacePlusMinus(expr.den, target, sign) };
    case 'neg':
      return { type: 'neg', arg: replacePlusMinus(expr.arg, target, sign) };
    default:
      return expr;
  }
}

function isClockTime(expr: Expr): boolean {
  return (
    expr.type === 'ratio' && expr.parts.length <= 3 && expr.parts.slice(1).every((part) => part.type === 'num' && /^\d\d$/.test(part.text))
  );
}

function compareMatrices(ref: Expr, answer: Expr, context: CompareContext): Verdict {
  const shape = (expr: Expr): Expr[][] | null =>
    expr.type === 'matrix' ? expr.rows : expr.type === 'tuple' && expr.open === '(' ? expr.items.map((item) => [item]) : null;
  const left = shape(ref);
  const right = shape(answer);
  if (!left || !right) return 'different';
  const flat = (rows: Expr[][]): Expr[] => rows.flat();
  const vector = (rows: Expr[][]): boolean => rows.length === 1 || rows.every((row) => row.length === 1);
  if (left.length === right.length && left[0]!.length === right[0]!.length) return compareOrdered(flat(left), flat(right), context);
  if (vector(left) && vector(right) && ref.type !== answer.type) return compareOrdered(flat(left), flat(right), context);
  return 'different';
}

/** 5:3 is 10:6 and 5/3; 1:2:3 is 2:4:6. A clock time (3:30) is not a ratio: 3:30 is not 1:10. */
function compareRatios(ref: Expr, answer: Expr, context: CompareContext): Verdict {
  if ((isClockTime(ref) || isClockTime(answer)) && ref.type === 'ratio' && answer.type === 'ratio') {
    return compareOrdered(ref.parts, answer.parts, context);
  }
  const parts = (expr: Expr): Expr[] => (expr.type === 'ratio' ? expr.parts : [expr, { type: 'num', value: { n: 1n, d: 1n }, text: '1' }]);
  const left = parts(ref);
  const right = parts(answer);
  if (left.length !== right.length) return 'different';
  const first = left[0]!;
  const firstOther = right[0]!;
  // a:b = c:d ⇔ a·d = b·c, part by part against the first
  return allOf(
    left
      .slice(1)
      .map((part, i) =>
        anyOf([compareScalars({ type: 'mul', factors: [first, right[i + 1]!] }, { type: 'mul', factors: [part, firstOther] }, context)]),
      ),
  );
}
