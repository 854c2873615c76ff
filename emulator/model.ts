import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The excerpt of Amazon Connect's service model (botocore, API version 2017-08-08) the emulator
 * serves: operation routes, input shapes and the HTTP status of each error shape.
 */

interface MemberRef {
  readonly shape: string;
  readonly location?: 'uri' | 'querystring' | 'header';
  readonly locationName?: string;
}

interface Shape {
  readonly type: string;
  readonly members?: Record<string, MemberRef>;
  readonly required?: string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly member?: MemberRef;
  readonly error?: { readonly httpStatusCode: number };
}

interface Operation {
  readonly http: { readonly method: string; readonly requestUri: string };
  readonly input: { readonly shape: string };
}

const model = JSON.parse(readFileSync(join(__dirname, 'connect-model.json'), 'utf8')) as {
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
};

export type OperationName =
  | 'StartTaskContact'
  | 'DescribeContact'
  | 'StopContact'
  | 'UpdateContactSchedule'
  | 'GetTaskTemplate'
  | 'CreateTaskTemplate'
  | 'UpdateTaskTemplate'
  | 'ListTaskTemplates'
  | 'UpdateContact'
  | 'UpdateContactAttributes'
  | 'GetContactAttributes'
  | 'ListContactReferences';

/** A request matched to an operation, with its URI and query members already placed in the input. */
export interface RoutedRequest {
  readonly operation: OperationName;
  readonly inputShape: string;
  readonly input: Record<string, unknown>;
}

interface Route {
  readonly operation: OperationName;
  readonly method: string;
  readonly path: RegExp;
  /** Input member of each `{label}` in the path, in order. */
  readonly labels: string[];
}

const inputMembers = (op: Operation) => Object.entries(model.shapes[op.input.shape].members ?? {});

const routes: Route[] = Object.entries(model.operations).map(([name, op]) => {
  const labels: string[] = [];
  const pattern = op.http.requestUri.replace(/\{(\w+)\}/g, (_, label: string) => {
    labels.push(inputMembers(op).find(([, m]) => m.location === 'uri' && m.locationName === label)![0]);
    return '([^/]+)';
  });
  return { operation: name as OperationName, method: op.http.method, path: new RegExp(`^${pattern}$`), labels };
});

/** Finds the operation a method and URL address, or undefined for any other request. */
export function route(method: string, url: URL): RoutedRequest | undefined {
  for (const r of routes) {
    const match = r.method === method ? r.path.exec(url.pathname) : null;
    if (!match) continue;
    const op = model.operations[r.operation];
    const input: Record<string, unknown> = {};
    r.labels.forEach((member, i) => (input[member] = decodeURIComponent(match[i + 1])));
    for (const [member, ref] of inputMembers(op)) {
      if (ref.location !== 'querystring' || !url.searchParams.has(ref.locationName!)) continue;
      // A list travels as the parameter repeated: ?referenceTypes=URL&referenceTypes=DATE; a number as its digits.
      const type = model.shapes[ref.shape].type;
      const value = url.searchParams.get(ref.locationName!)!;
      input[member] =
        type === 'list' ? url.searchParams.getAll(ref.locationName!) : type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
    }
    return { operation: r.operation, inputShape: op.input.shape, input };
  }
  return undefined;
}

/** The members of a structure shape, e.g. `Contact`: what Connect may answer with. */
export function memberNames(shapeName: string): string[] {
  return Object.keys(model.shapes[shapeName].members ?? {});
}

/** The HTTP status the model gives an error shape, or undefined when the shape is not one of its errors. */
export function errorStatus(shapeName: string): number | undefined {
  return model.shapes[shapeName]?.error?.httpStatusCode;
}

/**
 * Checks a value against a model shape the way Connect's front end does: required members,
 * types, lengths and counts (min/max), patterns and enums. Unknown members are ignored, as AWS
 * services do for forward compatibility. Messages follow AWS's validation wording, without
 * quoting values.
 */
export function shapeViolations(shapeName: string, value: unknown, path = ''): string[] {
  const shape = model.shapes[shapeName];
  const at = (constraint: string) => [`Value at '${path}' failed to satisfy constraint: Member must ${constraint}`];
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return at('be a structure');
      const missing = (shape.required ?? []).filter((m) => value[m] === undefined || value[m] === null);
      return [
        ...missing.flatMap((m) => [`Value at '${memberPath(path, m)}' failed to satisfy constraint: Member must not be null`]),
        ...Object.entries(shape.members ?? {})
          .filter(([m]) => value[m] !== undefined && value[m] !== null)
          .flatMap(([m, ref]) => shapeViolations(ref.shape, value[m], memberPath(path, m))),
      ];
    }
    case 'list':
      if (!Array.isArray(value)) return at('be a list');
      return [
        ...sizeViolations(shape, value.length, 'have length', at),
        ...value.flatMap((item, i) => shapeViolations(shape.member!.shape, item, `${path}.${i + 1}.member`)),
      ];
    case 'map':
      if (!isObject(value)) return at('be a map');
      return [
        ...sizeViolations(shape, Object.keys(value).length, 'have length', at),
        ...Object.entries(value).flatMap(([k, v]) => [
          ...shapeViolations(shape.key!.shape, k, `${path}.${k}.key`),
          ...shapeViolations(shape.value!.shape, v, `${path}.${k}.value`),
        ]),
      ];
    case 'string': {
      if (typeof value !== 'string') return at('be a string');
      const violations = sizeViolations(shape, [...value].length, 'have length', at);
      if (shape.pattern && !new RegExp(shape.pattern, 'u').test(value))
        violations.push(...at(`satisfy regular expression pattern: ${shape.pattern}`));
      if (shape.enum && !shape.enum.includes(value)) violations.push(...at(`satisfy enum value set: [${shape.enum.join(', ')}]`));
      return violations;
    }
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? sizeViolations(shape, value as number, 'be', at) : at('be an integer');
    case 'boolean':
      return typeof value === 'boolean' ? [] : at('be a boolean');
    case 'timestamp':
      // rest-json carries timestamps in bodies as epoch seconds.
      return typeof value === 'number' && Number.isFinite(value) ? [] : at('be a timestamp in epoch seconds');
    default:
      return [];
  }
}

function sizeViolations(shape: Shape, size: number, what: string, at: (c: string) => string[]): string[] {
  if (shape.min !== undefined && size < shape.min) return at(`${what} greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) return at(`${what} less than or equal to ${shape.max}`);
  return [];
}

const memberPath = (path: string, member: string) => (path ? `${path}.${member}` : member);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
