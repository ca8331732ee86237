/**
 * Tells the offline teacher which sample of a question a request is for, so a
 * rerun gets the same answer for the same candidate. Real servers ignore it.
 */
export const SAMPLE_HEADER = 'x-distill-sample';
