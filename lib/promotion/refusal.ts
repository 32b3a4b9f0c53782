/** A promotion that must not happen; the message says why, in one line. */
export class Refusal extends Error {}
