// Runs the offline teacher as its own process: for tests that need a separate
// server and for trying distill without an API key.
//   node dist/offline-teacher/serve-main.js --port 8787 --latency 200 --reasoning think-tag --faults '[{"type":"status","status":429,"times":1}]'
//   node dist/offline-teacher/serve-main.js --list-styles strings,no-structured-output   (or per model: --model offline-teacher+strings)
import { parseArgs } from 'node:util';
import { parseFaultRules } from './faults.js';
import { loadFixtureFile } from './fixtures.js';
import { isListStyle, LIST_STYLES, type ListStyle } from './list-styles.js';
import { startOfflineTeacher } from './offline-teacher.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '0' },
      faults: { type: 'string' },
      reasoning: { type: 'string', default: 'field' },
      fixtures: { type: 'string', multiple: true },
      'list-styles': { type: 'string' },
    },
  });
  const listStyles = (values['list-styles'] ?? '').split(',').filter((style) => style !== '');
  const unknown = listStyles.find((style) => !isListStyle(style));
  if (unknown !== undefined) throw new Error(`--list-styles: unknown style "${unknown}"; the styles are ${LIST_STYLES.join(', ')}`);
  const port = Number(values.port);
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number (0 picks a free one)');
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error('--latency must be milliseconds >= 0');
  if (values.reasoning !== 'field' && values.reasoning !== 'think-tag') throw new Error('--reasoning must be field or think-tag');
  const teacher = await startOfflineTeacher({
    port,
    latencyMs,
    reasoningMode: values.reasoning,
    faults: values.faults ? parseFaultRules(values.faults) : [],
    listStyles: listStyles as ListStyle[],
    ...(values.fixtures ? { fixtures: await Promise.all(values.fixtures.map(loadFixtureFile)) } : {}),
  });
  process.stdout.write(`listening ${teacher.url}\n`);
  const stop = () => void teacher.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`offline teacher: ${err.message}\n`);
  process.exitCode = 1;
});
