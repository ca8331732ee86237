// Generation from the review screen through the same pipeline as `distill auto` and the stage
// commands: the project's generation lock (so it never runs twice at once), the teacher
// connection (the offline teacher for demo projects), resumable stages, progress events.
// The pipeline (model client, stages, checks) is loaded on the first run, not with the screen:
// it costs about 0.25 s of CPU that the first screen of a large project cannot spare.
import type { RunSummary } from '../../pipeline/events.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { ReviewGenerator } from '../review-services.js';
import type { PipelineGeneratorOptions } from './generation-request.js';

export type { PipelineGeneratorOptions } from './generation-request.js';

export function pipelineGenerator(store: ProjectStoreApi, options: PipelineGeneratorOptions): ReviewGenerator {
  return {
    run: async (request, onEvent, signal): Promise<RunSummary> => {
      const { runGenerationRequest } = await import('./generation-request.js');
      return runGenerationRequest(store, options, request, onEvent, signal);
    },
  };
}
