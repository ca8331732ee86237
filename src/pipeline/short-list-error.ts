/** A list did not reach its count: what it got is saved, the next run asks for the rest. */
export class ShortListError extends Error {
  override name = 'ShortListError';

  constructor(
    message: string,
    /** Items asked for that are not there. */
    readonly missing: number,
  ) {
    super(message);
  }
}
