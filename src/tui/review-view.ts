// Model → widgets: hands each pane a row source over the model (rows are formatted only when
// painted, so only the visible window costs anything), the detail's lines, and the two bars.
import { type KeyContext, activeHints } from './keymap.js';
import type { ReviewScreen } from './review-screen.js';
import { textLength } from '../core/candidate-text.js';
import { sanitizeLine } from '../core/sanitize-text.js';
import { projectTeachers } from '../core/teacher-pool-config.js';
import { type DetailSubject, buildDetailContent } from './view-model/detail-content.js';
import { describeFilter } from './view-model/list-filter.js';
import { tallyQuestion } from './view-model/question-tally.js';
import { statusOf } from './view-model/review-data.js';
import type { LineSource } from './view-model/line-source.js';
import type { ReviewModel } from './view-model/review-model.js';
import { formatCandidateRow, formatQuestionRow, formatTreeRow } from './view-model/row-format.js';
import type { Segment } from './view-model/styled-text.js';
import { plain } from './view-model/styled-text.js';
import { WrapCache } from './wrap-cache.js';
import { traced } from './key-timing-trace.js';
import { fitMessage } from './view-model/message-lines.js';
import { describeFailure } from './view-model/failure-index.js';
import type { Candidate, Question } from '../core/types.js';
import type { CandidateSpans } from './review-services.js';
import { softLabelsShown, softLabelsVersion, withLowConfidenceSpans } from './services/soft-label-view.js';
import { comparedWith } from './view-model/compare-state.js';

/** Texts longer than this have their flag spans found after the first paint of the detail. */
const DEFERRED_SPAN_CHARS = 20_000;
/** Texts longer than this get no highlights in the body (finding them would read megabytes per view); the flags say why. */
const MAX_SPAN_CHARS = 1_000_000;

export class ReviewView {
  private readonly wrapCache = new WrapCache();
  private lastSubjectKey = '';
  /** The detail's lines for one subject, width and state: a keystroke elsewhere does not rebuild a long trace. */
  private detailCache: { key: string; lines: LineSource } | null = null;
  /** Spans of the last candidates shown (the detail asks on every paint; finding them reads the whole text). */
  private readonly spanCache = new Map<string, CandidateSpans | undefined>();
  private readonly spansPending = new Set<string>();
  /** A short status of background work for the bar ("generating 40%"), set by the controller. */
  backgroundStatus: Segment[] = [];

  constructor(
    private readonly ui: ReviewScreen,
    private readonly model: ReviewModel,
    private readonly keyContext: () => KeyContext,
    /** Repaints soon (after highlights found off the key handler). */
    private readonly schedulePaint?: () => void,
  ) {}

  /** Brings every widget up to date with the model; the caller renders the screen. */
  update(): void {
    const model = this.model;
    this.ui.tree.pane.focused = model.focus === 'tree';
    this.ui.questions.pane.focused = model.focus === 'questions';
    this.ui.candidates.pane.focused = model.focus === 'candidates';
    this.ui.detail.pane.focused = model.focus === 'detail';
    this.updateTree();
    this.updateQuestions();
    this.updateCandidates();
    this.updateDetail();
    this.updateBars();
  }

  private updateTree(): void {
    const model = this.model;
    const rows = model.treeRows();
    const counts = model.subtreeCounts();
    const filtered = model.filter.kind !== 'all';
    const matches = model.subtreeMatches();
    const progress = model.queue.progress;
    this.ui.tree.pane.title = plain(
      filtered ? ` Tags ≡${matches.get(null) ?? '?'}${progress ? ` (reading ${progress.done}/${progress.total})` : ''} ` : ' Tags ',
    );
    this.ui.tree.setSource({
      count: rows.length,
      selected: model.treeIndex(),
      rowAt: (index, width) => {
        const row = rows[index]!;
        const loading = row.tagId !== null && model.selectedTagId() === row.tagId && !model.data.isComplete(row.tagId);
        return formatTreeRow(
          row,
          counts.get(row.tagId),
          width,
          loading,
          filtered ? (matches.get(row.tagId) ?? null) : undefined,
          model.failures.ofTag(row.tagId ?? 'topic').length,
        );
      },
    });
  }

  private updateQuestions(): void {
    const model = this.model;
    const tagId = model.selectedTagId();
    const snapshot = model.selectedSnapshot();
    const questions = model.questions();
    const total = snapshot?.questions.length ?? 0;
    const shown = questions.length === total ? `${total}` : `${questions.length}/${total}`;
    this.ui.questions.pane.title = plain(` Questions ${snapshot ? shown : ''} `);
    const failure = tagId === null ? undefined : model.data.failure(tagId);
    const emptyText =
      tagId === null
        ? 'the topic has no questions: pick a tag'
        : failure
          ? `cannot read this tag: ${sanitizeLine(failure)}`
          : !snapshot || (snapshot.stage !== 'complete' && snapshot.stage !== undefined && questions.length === 0 && total > 0)
            ? 'loading…'
            : total === 0
              ? model.store.isLeaf(tagId)
                ? 'no questions yet (c generates)'
                : 'no questions here: open a sub-tag'
              : 'nothing matches the filter';
    this.ui.questions.setSource({
      count: questions.length,
      selected: model.questionIndex(),
      emptyText,
      rowAt: (index, width) => {
        const question = questions[index]!;
        const writing = model.writing.size > 0 && [...model.writing].some((id) => id.startsWith(`${question.id}-`));
        // Before its candidates are read, a question's row says so rather than "no candidates".
        const tally = snapshot!.stage === 'questions' ? null : tallyQuestion(snapshot!, question.id);
        return formatQuestionRow(question, tally, model.marks.has(question.id), width, writing);
      },
    });
  }

  private updateCandidates(): void {
    const model = this.model;
    const snapshot = model.selectedSnapshot();
    const candidates = model.candidates();
    this.ui.candidates.pane.title = plain(` Candidates ${model.selectedQuestion() ? candidates.length : ''} `);
    this.ui.candidates.setSource({
      count: candidates.length,
      selected: model.candidateIndex(),
      emptyText: model.selectedQuestion() ? (snapshot?.stage === 'questions' ? 'loading…' : 'no candidates (c generates)') : '',
      rowAt: (index, width) => {
        const candidate = candidates[index]!;
        return formatCandidateRow(
          candidate,
          model.writing.has(candidate.id) ? 'writing' : statusOf(snapshot!, candidate.id),
          snapshot!.checks?.get(candidate.id),
          model.marks.has(candidate.id),
          width,
          {
            team: snapshot!.teamMarks?.get(candidate.id),
            // Stale until someone decides it for the edited text (older decisions no longer apply).
            stale: snapshot!.stale?.has(candidate.id) === true && !snapshot!.decisions.has(candidate.id),
          },
        );
      },
    });
  }

  /** What the detail pane is about: the candidate, else the question, else the tag. */
  private detailSubject(): { key: string; subject: DetailSubject } {
    const model = this.model;
    const snapshot = model.selectedSnapshot();
    const candidate = model.focus === 'candidates' || model.focus === 'detail' ? model.selectedCandidate() : undefined;
    if (candidate && snapshot) {
      const question = model.selectedQuestion();
      const pinnedId = comparedWith(model);
      const pinned = pinnedId ? snapshot.candidateById.get(pinnedId) : undefined;
      if (pinned) {
        return {
          key: `v:${pinned.id}:${candidate.id}`,
          subject: {
            kind: 'compare',
            left: { candidate: pinned, ...this.spansField(pinned, question) },
            right: { candidate, ...this.spansField(candidate, question) },
            question,
            snapshot,
          },
        };
      }
      const spans = this.spansField(candidate, question);
      return {
        // The logprobs arrive after the first paint: the detail is built again when they do.
        key: `c:${candidate.id}${softLabelsShown(candidate) ? ':lp' : ''}`,
        subject: { kind: 'candidate', candidate, question, snapshot, ...spans },
      };
    }
    const question = model.focus === 'questions' ? model.selectedQuestion() : undefined;
    if (question && snapshot) {
      const generationFailures = model.failures.ofQuestion(question.id).map(describeFailure);
      return {
        key: `q:${question.id}`,
        subject: { kind: 'question', question, tally: tallyQuestion(snapshot, question.id), generationFailures },
      };
    }
    const tagId = model.selectedTagId();
    const config = model.store.config;
    return {
      key: `t:${tagId}`,
      subject: {
        kind: 'tag',
        isTopic: tagId === null,
        path: tagId === null ? [config.topic] : model.store.promptPath(tagId),
        counts: model.subtreeCounts().get(tagId),
        children: model.store.children(tagId).length,
        projectLines:
          tagId === null
            ? [
                '',
                `language  ${config.language}`,
                ...projectTeachers(config).map((t, i) => `${i === 0 ? 'teachers ' : '         '} ${t.name}: ${t.model} @ ${t.baseUrl}`),
                `folder    ${model.store.dir}`,
                ...model.store.warnings.map((w) => `warning: ${w}`),
              ]
            : [],
        ...(tagId !== null && model.data.failure(tagId) ? { failure: model.data.failure(tagId)! } : {}),
        ...(tagId !== null && model.data.partial(tagId)?.stage === 'candidates' ? { checking: true } : {}),
        generationFailures: model.failures.ofTag(tagId ?? 'topic').map(describeFailure),
      },
    };
  }

  private spansField(candidate: Candidate, question: Question | undefined): { spans?: CandidateSpans } {
    const checks = this.model.data.checks;
    const chars = textLength(candidate, 'reasoning') + textLength(candidate, 'answer');
    if (!checks?.flagSpans || chars > MAX_SPAN_CHARS) return {};
    const fired =
      this.model
        .selectedSnapshot()
        ?.checks?.get(candidate.id)
        ?.flags.map((flag) => flag.rule) ?? [];
    const key = `${candidate.id}|${candidate.gen ?? ''}|${question?.editedAt ?? ''}|${fired.join(',')}`;
    if (!this.spanCache.has(key)) {
      const find = () => {
        let spans: CandidateSpans | undefined;
        try {
          spans = traced('flag spans', () => checks.flagSpans!(candidate, question?.text ?? '', fired));
        } catch {
          spans = undefined; // highlighting is a help, never a reason for the screen to fail
        }
        this.keepSpans(key, spans);
      };
      // A long trace takes a while to scan: the detail shows at once, its highlights a moment
      // later, found in the checks' worker (on this thread they were in the way of the next key).
      if (chars > DEFERRED_SPAN_CHARS && this.schedulePaint) {
        if (!this.spansPending.has(key)) {
          this.spansPending.add(key);
          const settle = (spans: CandidateSpans | undefined) => {
            this.spansPending.delete(key);
            this.keepSpans(key, spans);
            this.schedulePaint?.();
          };
          const later = checks.flagSpansLater?.(candidate, question?.text ?? '', fired);
          if (later) later.then(settle, () => settle(undefined));
          else
            setTimeout(() => {
              this.spansPending.delete(key);
              find();
              this.schedulePaint?.();
            }, 0);
        }
        return {};
      }
      find();
    }
    const spans = withLowConfidenceSpans(this.model.data.store.dir, candidate, this.spanCache.get(key), this.schedulePaint);
    return spans ? { spans } : {};
  }

  private keepSpans(key: string, spans: CandidateSpans | undefined): void {
    this.spanCache.set(key, spans);
    if (this.spanCache.size > 64) this.spanCache.delete(this.spanCache.keys().next().value!);
  }

  private updateDetail(): void {
    const { key, subject } = this.detailSubject();
    const changed = key !== this.lastSubjectKey;
    this.lastSubjectKey = key;
    const options = { reasoningFolded: this.model.reasoningFolded };
    this.ui.detail.pane.title = plain(
      subject.kind === 'candidate'
        ? ' Candidate '
        : subject.kind === 'compare'
          ? ' Compare (C or esc ends) '
          : subject.kind === 'question'
            ? ' Question '
            : ' Detail ',
    );
    // The token cursor redraws the detail where it is, without scrolling it back to the top.
    const cursor = subject.kind === 'candidate' ? softLabelsVersion(subject.candidate) : '';
    // Flag spans of a long trace arrive after the first paint (found in the worker): built again then, not scrolled.
    const spansKnown =
      subject.kind === 'candidate'
        ? Boolean(subject.spans)
        : subject.kind === 'compare'
          ? `${Boolean(subject.left.spans)}${Boolean(subject.right.spans)}`
          : '';
    const version = `${this.model.contentVersion()}|${options.reasoningFolded}|${cursor}|${spansKnown}`;
    this.ui.detail.setContent((width) => {
      const cacheKey = `${key}|${width}|${version}`;
      if (this.detailCache?.key !== cacheKey)
        this.detailCache = { key: cacheKey, lines: buildDetailContent(subject, width, options, this.wrapCache) };
      return this.detailCache.lines;
    }, changed);
  }

  private updateBars(): void {
    const model = this.model;
    const counts = model.subtreeCounts().get(null);
    const left: Segment[] = [
      { text: ' distill ', tone: 'heading' },
      { text: sanitizeLine(model.store.config.topic) },
      { text: '  filter: ', tone: 'dim' },
      { text: describeFilter(model.filter), tone: model.filter.kind === 'all' ? 'normal' : 'flag' },
    ];
    if (model.searchQuery) left.push({ text: '  search: ', tone: 'dim' }, { text: sanitizeLine(model.searchQuery), tone: 'match' });
    if (model.marks.size > 0) left.push({ text: `  ${model.marks.size} marked`, tone: 'mark' });
    const right: Segment[] = counts
      ? [
          { text: `${counts.accepted} accepted`, tone: 'accepted' },
          { text: ' · ' },
          { text: `${counts.rejected} rejected`, tone: 'rejected' },
          { text: ` · ${counts.candidates - counts.accepted - counts.rejected} pending ` },
        ]
      : [];
    this.ui.status.line = [
      ...left,
      ...(this.backgroundStatus.length > 0 ? [{ text: '  ' }, ...this.backgroundStatus] : []),
      { text: '  ' },
      ...right,
    ];
    const message = model.message;
    this.ui.hints.line = message
      ? fitMessage(message.text, message.tone, this.ui.width)
      : [{ text: ' ' + activeHints(this.keyContext(), this.ui.width).join('  '), tone: 'dim' }];
  }

  /** The detail pane's lines at its current width, huge texts read where asked (search in the detail). */
  detailContent(): LineSource {
    const { subject } = this.detailSubject();
    return buildDetailContent(subject, this.ui.detail.pane.innerWidth, { reasoningFolded: this.model.reasoningFolded }, this.wrapCache);
  }
}
