// Where the files of one export go: all beside the training file.
import { basename, dirname, extname, join } from 'node:path';

/** `out.jsonl` → `out.val.jsonl`; `out` → `out.val`. */
export function validationPathFor(out: string): string {
  const ext = extname(out);
  return join(dirname(out), `${basename(out, ext)}.val${ext}`);
}

/** The dataset_info.json key of a file: its name without the extension (`out.val.jsonl` → `out.val`). */
export function datasetNameFor(path: string): string {
  return basename(path, extname(path));
}

export function datasetInfoPathFor(out: string): string {
  return join(dirname(out), 'dataset_info.json');
}
