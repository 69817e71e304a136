import { errorCatalog, type ErrorCode } from '@cordee/metadata';

export interface ErrorIssue {
  /** JSON pointer-like path of the offending field, e.g. `/identity/birthDate`. */
  path: string;
  /** French message for users. */
  message: string;
  keyword?: string;
}

/** The one application error: a stable code from the catalogue, optional detail and field issues. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: ErrorIssue[];
  readonly detail: string | undefined;
  /** Extra members of the problem document (RFC 9457 extensions), e.g. a publication report. */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: { detail?: string; issues?: ErrorIssue[]; extensions?: Record<string, unknown>; cause?: unknown } = {}) {
    super(options.detail ?? errorCatalog[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.issues = options.issues ?? [];
    this.detail = options.detail;
    this.extensions = options.extensions;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export function validationError(issues: ErrorIssue[], detail?: string): AppError {
  return new AppError('VALIDATION_FAILED', { issues, ...(detail ? { detail } : {}) });
}
