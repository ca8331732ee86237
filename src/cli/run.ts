import { main } from './main.js';

/**
 * The process entry (bin/distill.js). Exits explicitly once output is flushed,
 * so a lingering handle (an HTTP keep-alive socket) cannot keep a finished command alive.
 */
export async function run(): Promise<void> {
  const code = await main(process.argv.slice(2));
  const drain = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => (stream.writableNeedDrain ? stream.once('drain', resolve) : resolve()));
  await Promise.all([drain(process.stdout), drain(process.stderr)]);
  process.exit(code);
}
