/**
 * An error meant for a person: the message says what was wrong and where. The CLI prints
 * only the message (never a stack trace) and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "UserError";
    this.exitCode = exitCode;
  }
}
