// Where the files of one export go: all beside the training file, which always ends in `.jsonl`
// (LLaMA-Factory picks its loader by extension, and `train`, `train.txt` and `train.json` must
// stay three datasets, not one entry that each overwrites).
import { basename, dirname, join } from 'node:path';

const JSONL = '.jsonl';

/** `train` → `train.jsonl`, `train.json` → `train.json.jsonl`; a `.jsonl` name is kept. */
export function withJsonlExtension(out: string): string {
  return out.toLowerCase().endsWith(JSONL) ? out : out + JSONL;
}

function stem(path: string): string {
  const name = basename(path);
  return name.toLowerCase().endsWith(JSONL) ? name.slice(0, -JSONL.length) : name;
}

/** `out.jsonl` → `out.val.jsonl`. */
export function validationPathFor(out: string): string {
  return join(dirname(out), `${stem(out)}.val${JSONL}`);
}

/** The dataset_info.json key of a file: its name without `.jsonl` (`out.val.jsonl` → `out.val`, `train.txt.jsonl` → `train.txt`). */
export function datasetNameFor(path: string): string {
  return stem(path);
}

export function datasetInfoPathFor(out: string): string {
  return join(dirname(out), 'dataset_info.json');
}
