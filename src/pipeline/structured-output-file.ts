// What `auto` learned about each endpoint's structured output, kept in the project's cache
// (cache/structured-output.json): a server that refused json_schema in one run is not asked for it
// again in the next. It is derived data: deleting it costs one refused request per endpoint.
import { readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StructuredOutputMemory, StructuredOutputMode } from '../llm/index.js';

const MODES = new Set<string>(['json_schema', 'json_object', 'off']);

/** The key of an endpoint as configured (not as connected: the offline teacher's port changes each run). */
export function structuredOutputKey(baseUrl: string, model: string): string {
  return `${baseUrl} ${model}`;
}

/** The project's memory, in its cache folder. */
export function projectStructuredOutput(cacheDir: string): StructuredOutputMemory {
  return structuredOutputFile(join(cacheDir, 'structured-output.json'));
}

export function structuredOutputFile(file: string): StructuredOutputMemory {
  let modes: Map<string, StructuredOutputMode> | null = null;
  const load = (): Map<string, StructuredOutputMode> => {
    if (modes) return modes;
    modes = new Map();
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (typeof stored === 'object' && stored !== null) {
        for (const [key, mode] of Object.entries(stored))
          if (typeof mode === 'string' && MODES.has(mode)) modes.set(key, mode as StructuredOutputMode);
      }
    } catch {
      // Missing or unreadable: a cache, so start empty and rewrite it on the next change.
    }
    return modes;
  };
  return {
    recall: (key) => load().get(key),
    remember: (key, mode) => {
      const current = load();
      if (current.get(key) === mode) return;
      current.set(key, mode);
      save(file, current);
    },
  };
}

// Synchronous and tiny (one line per endpoint, written once or twice a run), so it is on disk
// before the run can end; a failed write only loses what the next run will learn again.
function save(file: string, modes: ReadonlyMap<string, StructuredOutputMode>): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, JSON.stringify(Object.fromEntries(modes), null, 2) + '\n');
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}
