import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Command } from 'commander';
import { newProjectConfig, OFFLINE_BASE_URL, OFFLINE_MODEL } from '../../core/project-config.js';
import type { GenerationDefaults, Language, TeacherConfig } from '../../core/types.js';
import { ProjectStore } from '../../store/project-store.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { loadDefaultFixtures } from '../../offline-teacher/fixtures.js';
import { DistillError } from '../../core/distill-error.js';
import { type CliIO, isInteractive, printJson } from '../cli-io.js';
import { reviewTemporaryDemo, TEMPORARY_DEMO_PREFIX } from '../temporary-demo.js';
import { runGenerationCommand } from '../generation-command.js';
import { oneOf } from '../project-options.js';

/** The shape the recorded fixtures cover: every tag, question and answer is hand-written. */
export const DEMO_GENERATION: GenerationDefaults = { levels: 2, tagsPerLevel: 3, questionsPerTag: 3, candidates: 4 };

/**
 * The demo's pool: the offline teacher plays three teachers by model name (src/offline-teacher/personas.ts),
 * each with a style and a flaw of its own, so `stats` and the review screen have teachers to compare.
 */
export const DEMO_TEACHERS: readonly TeacherConfig[] = [
  { name: 'default', baseUrl: OFFLINE_BASE_URL, model: OFFLINE_MODEL, roles: ['questions', 'answers', 'judge'], weight: 2 },
  // Thinks in a <think> block, and now and then runs past the token limit.
  { name: 'r1', baseUrl: OFFLINE_BASE_URL, model: 'offline-r1', roles: ['answers'] },
  // Fast, and barely reasons before it answers.
  { name: 'mini', baseUrl: OFFLINE_BASE_URL, model: 'offline-mini', roles: ['answers'] },
];

/** Steps that other parts of distill provide (review, checks, export); wired in register-commands. */
export interface DemoSteps {
  review?: (projectDir: string, io: CliIO) => Promise<void>;
  /** Runs check, accept --passing and export; returns the export folder. */
  curateAndExport?: (projectDir: string, io: CliIO) => Promise<string>;
}

/** Creates the demo project on the offline teacher, with the fixture's topic for the language. */
export async function createDemoProject(dir: string, language: Language): Promise<ProjectStoreApi> {
  const fixture = (await loadDefaultFixtures()).find((each) => each.language === language);
  const topic = fixture?.topic ?? (language === 'zh' ? '中医药学' : 'Sports science');
  const config = {
    ...newProjectConfig({ topic, language, baseUrl: OFFLINE_BASE_URL, concurrency: 8 }),
    teachers: DEMO_TEACHERS.map((teacher) => ({ ...teacher })),
    generation: { ...DEMO_GENERATION },
  };
  return ProjectStore.create(dir, config);
}

interface DemoOptions {
  auto?: boolean;
  dir?: string;
  language: Language;
}

export function registerDemo(program: Command, io: CliIO, steps: DemoSteps): void {
  program
    .command('demo')
    .description(
      'a demo project on the built-in offline teacher (no API key); opens the review TUI, or with --auto runs the whole pipeline and exports',
    )
    .option('--auto', 'run auto, check, accept --passing and export (into DIR/export/) without the TUI')
    .option('--dir <dir>', 'where to create the demo project (default: a new temporary folder)')
    .option('--language <lang>', 'en (Sports science) or zh (中医药学)', oneOf(['en', 'zh'] as const), 'en')
    .option('--json', 'with --auto: print one JSON document with the project and export paths')
    .action(async (options: DemoOptions & { json?: boolean }) => {
      // Without --auto the demo ends in the review screen: say it needs a terminal before generating.
      if (!options.auto && steps.review && !isInteractive(io)) {
        throw new DistillError(
          'distill demo opens the review screen, which needs an interactive terminal; add --auto to run it without one',
        );
      }
      const dir = options.dir ? resolve(io.cwd, options.dir) : join(await mkdtemp(join(tmpdir(), TEMPORARY_DEMO_PREFIX)), 'project');
      const store = await createDemoProject(dir, options.language);
      await store.close();
      if (!options.json) io.stderr.write(`Demo project: ${dir}\nGenerating on the offline teacher…\n`);
      // Progress goes to stderr; with --json, stdout carries only the demo's own document.
      await runGenerationCommand('auto', { project: dir }, io, async (ctx) =>
        (await import('../../pipeline/run-generation.js')).runAuto(ctx, DEMO_GENERATION),
      );
      if (options.auto) {
        if (!steps.curateAndExport) throw new Error('demo --auto needs the checks and export engines');
        const exported = await steps.curateAndExport(dir, io);
        if (options.json) printJson(io, { project: dir, export: exported });
        else
          io.stdout.write(
            `Exported the accepted candidates to ${exported}/ (alpaca, sharegpt, messages and prompt-completion JSONL, dataset_info.json, manifests)\nProject: ${dir} (open it with: distill review --project ${dir})\n`,
          );
        return;
      }
      if (steps.review) {
        // Without --dir (npm start), the temporary project goes when the reviewer quits without changing it.
        await (options.dir ? steps.review(dir, io) : reviewTemporaryDemo(dir, io, steps.review));
        return;
      }
      io.stdout.write(`Project ready: ${dir}\nNext: distill stats --project ${dir}\n`);
    });
}
