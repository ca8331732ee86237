/**
 * The connection broke after the response had begun (the server restarted, a
 * proxy cut it). The SDK retries only failures before the headers, so the
 * client retries these itself; one that persists fails its item, and a later
 * run asks again.
 */
export class BodyCutError extends Error {
  override name = 'BodyCutError';

  constructor(cause: unknown) {
    super(`the connection was cut in the middle of the response: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
