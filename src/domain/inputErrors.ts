import {
  type FieldErrorCode,
  type FieldErrorParams,
  type FieldError,
  type FieldPath,
  fieldErrorsOf,
  inputError,
  pathOf,
} from './errors';

type Checked<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/**
 * Collects the input errors of one request, so that a form learns every mistake at once instead
 * of one per attempt. Checks of one field still stop at that field's first mistake.
 */
export class InputErrors {
  private readonly errors: FieldError[] = [];

  add(
    path: string | FieldPath,
    code: FieldErrorCode,
    message: string,
    params: FieldErrorParams = {},
  ): void {
    this.errors.push({ path: pathOf(path), code, message, params });
  }

  /** Runs a check that throws BAD_USER_INPUT; its field errors are collected, anything else thrown. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (err) {
      this.collect(err);
      return undefined;
    }
  }

  async checkAsync<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      this.collect(err);
      return undefined;
    }
  }

  /**
   * Throws the errors collected, if any. Given the results of the checks (undefined where one
   * failed), returns them narrowed: past this point every check succeeded.
   */
  throwIfAny(): void;
  throwIfAny<T extends Record<string, unknown>>(results: T): Checked<T>;
  throwIfAny<T extends Record<string, unknown>>(results?: T): Checked<T> | void {
    if (this.errors.length) throw inputError(this.errors);
    return results as Checked<T> | undefined;
  }

  private collect(err: unknown): void {
    const found = fieldErrorsOf(err);
    if (!found.length) throw err;
    this.errors.push(...found);
  }
}
