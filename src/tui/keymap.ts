// Every key of the review screen, declared as data: the dispatcher, the help overlay and the
// hint bar are all generated from this table, so they cannot disagree.
import type { Pane } from './view-model/review-model.js';

export type Action =
  | 'down'
  | 'up'
  | 'top'
  | 'bottom'
  | 'pageDown'
  | 'pageUp'
  | 'nextPane'
  | 'prevPane'
  | 'left'
  | 'right'
  | 'open'
  | 'accept'
  | 'reject'
  | 'mark'
  | 'acceptPassing'
  | 'undo'
  | 'fold'
  | 'tokenNext'
  | 'tokenPrev'
  | 'nextMatch'
  | 'prevMatch'
  | 'detailDown'
  | 'detailUp'
  | 'compare'
  | 'search'
  | 'searchNext'
  | 'searchPrev'
  | 'filter'
  | 'clear'
  | 'rerun'
  | 'thresholds'
  | 'generate'
  | 'stopGeneration'
  | 'addTag'
  | 'edit'
  | 'deleteTag'
  | 'stats'
  | 'export'
  | 'log'
  | 'help'
  | 'quit';

export interface KeyContext {
  focus: Pane;
  hasMarks: boolean;
  hasChecks: boolean;
  hasGenerator: boolean;
  hasExporter: boolean;
  /** A generation run is going. */
  generating?: boolean;
}

export type KeyGroup = 'Move' | 'Review' | 'Search and filter' | 'Checks' | 'Generate and edit' | 'Views';

export interface KeyBinding {
  keys: string[];
  action: Action;
  help: string;
  group: KeyGroup;
  /** Short label for the hint bar; bindings without one are only in the help. */
  hint?: string;
  when?: (context: KeyContext) => boolean;
  /** Says where the key works, for the help ("tree", "lists"). */
  whenText?: string;
}

const inLists = (c: KeyContext) => c.focus === 'questions' || c.focus === 'candidates';
const inTree = (c: KeyContext) => c.focus === 'tree';
const reviewable = (c: KeyContext) => c.focus !== 'tree' || c.hasMarks;

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['j', 'down'], action: 'down', help: 'move down (detail: scroll)', group: 'Move' },
  { keys: ['k', 'up'], action: 'up', help: 'move up (detail: scroll)', group: 'Move' },
  { keys: ['g', 'home'], action: 'top', help: 'go to the top', group: 'Move' },
  { keys: ['G', 'end'], action: 'bottom', help: 'go to the bottom', group: 'Move' },
  { keys: ['pagedown', 'C-d'], action: 'pageDown', help: 'page down', group: 'Move' },
  { keys: ['pageup', 'C-u'], action: 'pageUp', help: 'page up', group: 'Move' },
  { keys: ['tab'], action: 'nextPane', help: 'next pane', group: 'Move', hint: 'pane' },
  { keys: ['S-tab'], action: 'prevPane', help: 'previous pane', group: 'Move' },
  { keys: ['h', 'left'], action: 'left', help: 'collapse tag / go to parent; elsewhere previous pane', group: 'Move' },
  { keys: ['l', 'right'], action: 'right', help: 'expand tag; elsewhere next pane', group: 'Move' },
  { keys: ['J'], action: 'detailDown', help: 'scroll the detail down (from any pane)', group: 'Move' },
  { keys: ['K'], action: 'detailUp', help: 'scroll the detail up (from any pane)', group: 'Move' },
  { keys: ['enter'], action: 'open', help: 'open: expand a tag, go into a question or candidate', group: 'Move', hint: 'open' },

  {
    keys: ['a'],
    action: 'accept',
    help: 'accept the candidate (a question: its preferred passing one; marked items if any)',
    group: 'Review',
    hint: 'accept',
    when: reviewable,
  },
  {
    keys: ['r'],
    action: 'reject',
    help: 'reject with a reason: 1-9 pick one (the flags, review.rejectReasons), or type one; enter alone gives each its own flags',
    group: 'Review',
    hint: 'reject',
    when: reviewable,
  },
  {
    keys: ['space'],
    action: 'mark',
    help: 'mark / unmark for a bulk accept or reject',
    group: 'Review',
    hint: 'mark',
    when: inLists,
    whenText: 'lists',
  },
  {
    keys: ['A'],
    action: 'acceptPassing',
    help: 'accept every passing preferred candidate under the selected tag',
    group: 'Review',
    hint: 'accept passing',
    when: inTree,
    whenText: 'tree',
  },
  { keys: ['u'], action: 'undo', help: 'undo the last action (several levels)', group: 'Review', hint: 'undo' },
  {
    keys: ['C'],
    action: 'compare',
    help: 'compare: pin this candidate, then pick another of the question to see both side by side (C or esc ends)',
    group: 'Review',
    when: (c) => c.focus === 'candidates' || c.focus === 'detail',
    whenText: 'candidates',
  },
  { keys: ['z'], action: 'fold', help: 'fold / unfold the reasoning', group: 'Review' },
  {
    keys: ['>'],
    action: 'tokenNext',
    help: "token cursor: next token of the answer, with its probability and the teacher's top alternatives (logprobs)",
    group: 'Review',
    when: (c) => c.focus === 'candidates' || c.focus === 'detail',
    whenText: 'candidates',
  },
  {
    keys: ['<'],
    action: 'tokenPrev',
    help: 'token cursor: previous token of the answer',
    group: 'Review',
    when: (c) => c.focus === 'candidates' || c.focus === 'detail',
    whenText: 'candidates',
  },

  {
    keys: [']'],
    action: 'nextMatch',
    help: 'next item of the filter anywhere in the tree (no filter: pending or flagged)',
    group: 'Search and filter',
    hint: 'next',
  },
  { keys: ['['], action: 'prevMatch', help: 'previous item of the filter anywhere in the tree', group: 'Search and filter' },
  {
    keys: ['/'],
    action: 'search',
    help: 'search the whole project (tree: tag names; questions: question text; candidates: answers and reasoning)',
    group: 'Search and filter',
    hint: 'search',
  },
  { keys: ['n'], action: 'searchNext', help: 'next match of the search', group: 'Search and filter' },
  { keys: ['N'], action: 'searchPrev', help: 'previous match of the search', group: 'Search and filter' },
  {
    keys: ['f'],
    action: 'filter',
    help: 'filter the whole tree by status, verdict, flag, teacher, reviewer or difficulty',
    group: 'Search and filter',
    hint: 'filter',
  },
  { keys: ['escape'], action: 'clear', help: 'clear marks, search, compare and message', group: 'Search and filter' },

  { keys: ['R'], action: 'rerun', help: 're-run the rules over the project', group: 'Checks', when: (c) => c.hasChecks },
  { keys: ['T'], action: 'thresholds', help: 'edit rule thresholds, then re-run', group: 'Checks', when: (c) => c.hasChecks },

  {
    keys: ['c'],
    action: 'generate',
    help: 'generate: sub-tags, questions, candidates, or a whole auto run',
    group: 'Generate and edit',
    hint: 'generate',
    when: (c) => c.hasGenerator,
  },
  {
    keys: ['S'],
    action: 'stopGeneration',
    help: 'stop the running generation (what is written stays; c resumes it)',
    group: 'Generate and edit',
    hint: 'stop',
    when: (c) => c.generating === true,
    whenText: 'while generating',
  },
  {
    keys: ['i'],
    action: 'addTag',
    help: 'add a sub-tag under the selected tag',
    group: 'Generate and edit',
    when: inTree,
    whenText: 'tree',
  },
  {
    keys: ['E'],
    action: 'edit',
    help: 'rename the selected tag / edit the selected question',
    group: 'Generate and edit',
    when: (c) => c.focus === 'tree' || c.focus === 'questions',
    whenText: 'tree, questions',
  },
  {
    keys: ['d'],
    action: 'deleteTag',
    help: 'delete the selected tag (undo restores it)',
    group: 'Generate and edit',
    when: inTree,
    whenText: 'tree',
  },

  { keys: ['s'], action: 'stats', help: 'statistics view', group: 'Views', hint: 'stats' },
  { keys: ['e'], action: 'export', help: 'export the accepted candidates', group: 'Views', when: (c) => c.hasExporter },
  { keys: ['L'], action: 'log', help: 'message log: every message in full, with its time', group: 'Views' },
  { keys: ['?'], action: 'help', help: 'this help, and what every mark means', group: 'Views', hint: 'help' },
  { keys: ['q', 'C-c'], action: 'quit', help: 'quit (asks while a generation runs; ctrl-c always quits)', group: 'Views', hint: 'quit' },
];

/** The binding a key triggers in this context, if any. */
export function bindingFor(key: string, context: KeyContext, keymap: readonly KeyBinding[] = KEYMAP): KeyBinding | undefined {
  return keymap.find((binding) => binding.keys.includes(key) && (binding.when?.(context) ?? true));
}

const KEY_LABELS: Record<string, string> = {
  down: '↓',
  up: '↑',
  left: '←',
  right: '→',
  pagedown: 'PgDn',
  pageup: 'PgUp',
  home: 'Home',
  end: 'End',
  'S-tab': 'shift-tab',
  escape: 'Esc',
};

export function keyLabel(key: string): string {
  if (KEY_LABELS[key]) return KEY_LABELS[key];
  if (key.startsWith('C-')) return `ctrl-${key.slice(2)}`;
  return key;
}

/** The help overlay's text, group by group. */
export function helpLines(keymap: readonly KeyBinding[] = KEYMAP): { group: KeyGroup; keys: string; help: string }[] {
  return keymap.map((binding) => ({
    group: binding.group,
    keys: binding.keys.map(keyLabel).join(' '),
    help: binding.whenText ? `${binding.help} [${binding.whenText}]` : binding.help,
  }));
}

/**
 * Which hints a narrow bar keeps longest, most important first: help (it leads to every key),
 * stop and quit (a running generation must be stoppable from what is on screen), then deciding.
 * Hints not listed go first.
 */
const HINT_RANK: readonly Action[] = [
  'help',
  'stopGeneration',
  'quit',
  'accept',
  'reject',
  'nextMatch',
  'undo',
  'acceptPassing',
  'nextPane',
  'filter',
  'search',
  'generate',
  'mark',
  'stats',
  'open',
];

/** Hints for the bar: the bindings that have a hint and apply now, as many as fit in `width` columns (the least important left out). */
export function activeHints(context: KeyContext, width = Infinity, keymap: readonly KeyBinding[] = KEYMAP): string[] {
  const hints = keymap.filter((binding) => binding.hint && (binding.when?.(context) ?? true));
  // Help first: it leads to the rest.
  let shown = [...hints.filter((b) => b.action === 'help'), ...hints.filter((b) => b.action !== 'help')];
  const text = (binding: KeyBinding) => `${keyLabel(binding.keys[0]!)} ${binding.hint}`;
  // The bar is ' ' + hints joined by two spaces.
  const barWidth = (bindings: readonly KeyBinding[]) => bindings.reduce((sum, b) => sum + text(b).length + 2, -1);
  const rank = (binding: KeyBinding) => {
    const index = HINT_RANK.indexOf(binding.action);
    return index < 0 ? HINT_RANK.length : index;
  };
  while (shown.length > 1 && barWidth(shown) > width) {
    const least = shown.reduce((worst, b) => (rank(b) >= rank(worst) ? b : worst));
    shown = shown.filter((b) => b !== least);
  }
  return shown.map(text);
}

/** Markdown table of the keymap, for the README. */
export function keymapMarkdown(keymap: readonly KeyBinding[] = KEYMAP): string {
  const rows = helpLines(keymap).map(
    (line) =>
      `| ${line.group} | ${line.keys
        .split(' ')
        .map((k) => `\`${k}\``)
        .join(' ')} | ${line.help} |`,
  );
  return ['| group | keys | action |', '| --- | --- | --- |', ...rows].join('\n');
}
