// Odoo's exceptions as the sandbox raises them: the Python class name the client sees in `error.data.name`
// (JSON-RPC) or `name` (JSON-2), the message, and the HTTP status JSON-2 answers with.
import type { OdooVersion } from './version.ts';

export class OdooError extends Error {
  constructor(
    /** Python class path, e.g. `odoo.exceptions.UserError`. */
    readonly pythonName: string,
    message: string,
    /** HTTP status of a JSON-2 answer. */
    readonly httpStatus: number,
    /** Extra `arguments` after the message (werkzeug exceptions carry their status). */
    readonly extraArguments: unknown[] = [],
  ) {
    super(message);
    this.name = 'OdooError';
  }
}

export const userError = (message: string): OdooError => new OdooError('odoo.exceptions.UserError', message, 422);
export const validationError = (message: string): OdooError =>
  new OdooError('odoo.exceptions.ValidationError', message, 422);
export const valueError = (message: string): OdooError => new OdooError('builtins.ValueError', message, 500);
export const attributeError = (message: string): OdooError => new OdooError('builtins.AttributeError', message, 500);
export const accessError = (message: string): OdooError => new OdooError('odoo.exceptions.AccessError', message, 403);
export const accessDenied = (): OdooError => new OdooError('odoo.exceptions.AccessDenied', 'Access Denied', 401);

export function missingError(model: string, ids: number[], uid: number): OdooError {
  const idText = ids
    .map((id) => `${id},`)
    .join(' ')
    .replace(/, $/, ',');
  return new OdooError(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}(${idText}), User: ${uid})`,
    404,
  );
}

export const serializationFailure = (): OdooError =>
  new OdooError('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update', 500);

export function unknownFieldError(model: string, field: string, version: OdooVersion): OdooError {
  return valueError(
    version >= 19 ? `Invalid field '${field}' in '${model}'` : `Invalid field '${field}' on model '${model}'`,
  );
}

export function requiredFieldError(
  modelLabel: string,
  model: string,
  fieldLabel: string,
  field: string,
  version: OdooVersion,
): OdooError {
  if (version >= 19) {
    return validationError(
      `The operation cannot be completed: Missing required value for the field '${fieldLabel}' (${field}).\n` +
        `Model: '${modelLabel}' (${model})\n` +
        '- create/update: a mandatory field is not set\n' +
        '- delete: another model requires the record being deleted, you can archive it instead\n',
    );
  }
  return validationError(
    'The operation cannot be completed:\n' +
      '- Create/update: a mandatory field is not set.\n' +
      '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      `Model: ${modelLabel} (${model})\nField: ${fieldLabel} (${field})\n`,
  );
}

export function privateMethodError(model: string, method: string, version: OdooVersion): OdooError {
  return accessError(
    version >= 19
      ? `Private methods (such as '${model}.${method}') cannot be called remotely.`
      : `Private methods (such as ${method}) cannot be called remotely.`,
  );
}

/** JSON-2 refusals raised by the HTTP layer itself (werkzeug exceptions carry the status in `arguments`). */
export function httpError(status: 401 | 404 | 422, message: string): OdooError {
  const name = { 401: 'Unauthorized', 404: 'NotFound', 422: 'UnprocessableEntity' }[status];
  return new OdooError(`werkzeug.exceptions.${name}`, message, status, [status]);
}

/** The `error.data` / JSON-2 body of an error, debug cut to its last line as the fixtures keep it. */
export function errorPayload(error: OdooError, version: OdooVersion): Record<string, unknown> {
  const lastLine = error.message.trimEnd().split('\n').at(-1) ?? '';
  const shortName = error.pythonName.replace(/^builtins\./, '');
  const debug =
    version >= 19
      ? `${error.pythonName}: ${error.message.trimEnd().split('\n').at(-1)}`
      : `Traceback (most recent call last):\n...\n${lastLine.startsWith('(') ? lastLine : `${shortName}: ${lastLine}`}`;
  return {
    name: error.pythonName,
    debug,
    message: error.message,
    arguments: [error.message, ...error.extraArguments],
    context: {},
  };
}
