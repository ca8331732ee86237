// What the review screen knows of the project's selections and student probe, read once when it
// opens: which candidates each selection holds and why its other questions are out, and each
// question's student pass rate. The filter fields (selection, student band) and the detail pane
// read it; one review screen runs per process, so one set of marks is current.
import { questionTextHash } from '../../core/candidate-identity.js';
import { difficultyBand, type DifficultyBand } from '../../core/difficulty-band.js';
import { currentProbes, probedTeachers, readProbe, studentPassRate, type QuestionProbe } from '../../selection/probe-log.js';
import type { OutReason, SelectedItem } from '../../selection/select-pipeline.js';
import { listSelections, readSelection } from '../../selection/selection-file.js';
import type { ProjectStoreApi } from '../../store/store-api.js';

export interface SelectionMark {
  name: string;
  /** Candidate id → its item. */
  items: Map<string, SelectedItem>;
  /** Question id → the selected candidate of that question. */
  byQuestion: Map<string, SelectedItem>;
  out: Record<string, OutReason>;
  size: number;
}

export interface StudentMarks {
  name: string;
  probes: Map<string, QuestionProbe>;
}

export interface SelectionMarks {
  selections: Map<string, SelectionMark>;
  student: StudentMarks | null;
  /** Why the marks could not be read, when they could not (shown as a message; the screen works without them). */
  problem?: string;
}

let current: SelectionMarks = { selections: new Map(), student: null };

export function selectionMarks(): SelectionMarks {
  return current;
}

export function studentBandOf(questionId: string): DifficultyBand {
  const student = current.student;
  return difficultyBand(student ? studentPassRate(student.probes.get(questionId)) : null);
}

export async function loadSelectionMarks(store: ProjectStoreApi): Promise<SelectionMarks> {
  const marks: SelectionMarks = { selections: new Map(), student: null };
  try {
    for (const name of await listSelections(store.dir)) {
      const file = await readSelection(store.dir, name);
      const items = new Map(file.items.map((item) => [item.id, item]));
      const byQuestion = new Map(file.items.map((item) => [item.questionId, item]));
      marks.selections.set(name, { name, items, byQuestion, out: file.out, size: file.items.length });
    }
    // The student of the newest selection that read one, else the first probed.
    const students = await probedTeachers(store.dir);
    if (students.length > 0) {
      const hashes = new Map<string, string>();
      for (const tag of store.tags()) {
        if (store.counts(tag.id).questions === 0) continue;
        for (const question of await store.questions(tag.id))
          if (!question.deleted) hashes.set(question.id, questionTextHash(question.text));
      }
      const name = students[0]!;
      marks.student = { name, probes: currentProbes((await readProbe(store.dir, name)).byQuestion, hashes) };
    }
  } catch (error) {
    marks.problem = error instanceof Error ? error.message : String(error);
  }
  current = marks;
  return marks;
}

/** Lines for the detail pane: why this candidate is in or out of each selection, and the student's record on its question. */
export function selectionReasons(candidateId: string, questionId: string): string[] {
  const lines: string[] = [];
  for (const mark of current.selections.values()) {
    const item = mark.items.get(candidateId);
    if (item) {
      lines.push(`selection ${mark.name}: in (drawn ${item.order + 1} of ${mark.size}, ${item.length} tokens)`);
      continue;
    }
    const chosen = mark.byQuestion.get(questionId);
    if (chosen) lines.push(`selection ${mark.name}: out (its question is in with ${chosen.id})`);
    else lines.push(`selection ${mark.name}: out (${mark.out[questionId] ?? 'not in the project when it was made'})`);
  }
  const student = current.student;
  if (student) {
    const probe = student.probes.get(questionId);
    lines.push(
      probe
        ? `student ${student.name}: ${probe.correct} of ${probe.graded} graded right (${probe.samples.size} asked), ${studentBandOf(questionId)}`
        : `student ${student.name}: not probed`,
    );
  }
  return lines;
}
