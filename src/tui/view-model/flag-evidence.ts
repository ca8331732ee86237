// The texts a candidate's flags are about, shown beside its question in the detail pane: for a
// contaminated question, the benchmark item it repeats, so the reviewer sees the two together.
import type { CandidateCheck } from '../review-services.js';

export interface EvidenceSection {
  /** The pane's heading for it ("Benchmark match: repeats MATH500 item 12 …"). */
  title: string;
  text: string;
}

const TITLES: Record<string, string> = { contaminated: 'Benchmark match' };

export function flagEvidence(check: CandidateCheck | undefined): EvidenceSection[] {
  if (!check) return [];
  return check.flags
    .filter((flag) => flag.evidence)
    .map((flag) => ({ title: `${TITLES[flag.rule] ?? flag.rule}: ${flag.detail}`, text: flag.evidence! }));
}
