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

/**
 * An unknown field name. Up to 18 every path says `on model`; 19 says `in` where values are written (create, write)
 * and `on` where fields are read (read, search_read's field list).
 */
export function unknownFieldError(
  model: string,
  field: string,
  version: OdooVersion,
  use: 'read' | 'write' = 'write',
): OdooError {
  if (version < 19) return valueError(`Invalid field '${field}' on model '${model}'`);
  return valueError(`Invalid field '${field}' ${use === 'read' ? 'on' : 'in'} '${model}'`);
}

/** An unknown field in a domain: 19 calls the leaf a condition. */
export function unknownDomainFieldError(model: string, path: string, leaf: string, version: OdooVersion): OdooError {
  return valueError(`Invalid field ${model}.${path} in ${version >= 19 ? 'condition' : 'leaf'} ${leaf}`);
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

/** 18 moved the check to the RPC layer (odoo/service/model.py), which names the model too. */
export function privateMethodError(model: string, method: string, version: OdooVersion): OdooError {
  return accessError(
    version >= 18
      ? `Private methods (such as '${model}.${method}') cannot be called remotely.`
      : `Private methods (such as ${method}) cannot be called remotely.`,
  );
}

/** A public method the model lacks; worded by the RPC layer from 18 on, as the private-method refusal. */
export function unknownMethodError(model: string, method: string, version: OdooVersion): OdooError {
  return attributeError(
    version >= 18
      ? `The method '${model}.${method}' does not exist`
      : `The method '${method}' does not exist on the model '${model}'`,
  );
}

/** execute_kw on a database the server does not have: psycopg2's refusal as a local PostgreSQL words it. */
export function unknownDatabaseError(db: string): OdooError {
  return new OdooError(
    'psycopg2.OperationalError',
    `connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${db}" does not exist\n`,
    500,
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
