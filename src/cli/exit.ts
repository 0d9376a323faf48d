/** Exit codes: 0 done, 1 refused (bad input, explained), 2 misuse of the command line or configuration, 3 failure. */
export const EXIT = { ok: 0, refused: 1, usage: 2, failure: 3 } as const;

/** Thrown by a command that has already explained itself and only needs the process to end with `code`. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
