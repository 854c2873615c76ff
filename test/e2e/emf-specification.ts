import Ajv from 'ajv';

/**
 * The CloudWatch embedded metric format, as its specification states it:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * The structure is the specification's JSON schema (with its current limits: 30 dimension keys
 * per set, 100 metrics per directive, a storage resolution of 1 or 60); the rules that tie the
 * directives to the root members are checked in code below, as the schema cannot state them.
 */
export const CLOUDWATCH_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];

const reference = { type: 'string', minLength: 1, maxLength: 255 };

const EMF_SCHEMA = {
  type: 'object',
  required: ['_aws'],
  properties: {
    _aws: {
      type: 'object',
      required: ['Timestamp', 'CloudWatchMetrics'],
      properties: {
        Timestamp: { type: 'integer' },
        CloudWatchMetrics: {
          type: 'array',
          items: {
            type: 'object',
            required: ['Namespace', 'Dimensions', 'Metrics'],
            properties: {
              Namespace: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^:].*$' },
              Dimensions: { type: 'array', minItems: 1, items: { type: 'array', maxItems: 30, items: reference } },
              Metrics: {
                type: 'array',
                maxItems: 100,
                items: {
                  type: 'object',
                  required: ['Name'],
                  properties: {
                    Name: reference,
                    Unit: { enum: CLOUDWATCH_UNITS },
                    StorageResolution: { enum: [1, 60] },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const validateStructure = new Ajv({ allErrors: true }).compile(EMF_SCHEMA);

/** A document that passed the schema. */
export interface EmfRoot {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string;
      readonly Dimensions: string[][];
      readonly Metrics: ReadonlyArray<{ readonly Name: string; readonly Unit?: string }>;
    }>;
  };
  readonly [member: string]: unknown;
}

/** How far from now CloudWatch accepts a metric's timestamp: two weeks back, two hours ahead. */
const OLDEST_MS = 14 * 24 * 3600 * 1000;
const NEWEST_MS = 2 * 3600 * 1000;

/** Every way a log line breaks the specification; an empty list means CloudWatch extracts its metrics. */
export function emfViolations(line: string, now = Date.now()): string[] {
  let document: unknown;
  try {
    // The LogEvent message must be one JSON object with no data before or after it.
    document = JSON.parse(line);
  } catch {
    return ['the line is not a JSON document'];
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return ['the document is not a JSON object'];
  if (!validateStructure(document)) {
    return validateStructure.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
  const root = document as EmfRoot;
  const violations: string[] = [];
  const timestamp = root._aws.Timestamp;
  if (timestamp < now - OLDEST_MS || timestamp > now + NEWEST_MS) violations.push(`Timestamp ${timestamp} is outside the accepted window`);
  for (const directive of root._aws.CloudWatchMetrics) {
    for (const key of directive.Dimensions.flat()) {
      const value = root[key];
      // A dimension target is a string member of the root; CloudWatch takes 1 to 1024 characters.
      if (typeof value !== 'string' || value.length === 0 || value.length > 1024) {
        violations.push(`dimension ${key} has no string value of 1 to 1024 characters at the root`);
      }
    }
    for (const { Name } of directive.Metrics) {
      const value = root[Name];
      const values = Array.isArray(value) ? value : [value];
      // A metric target is a number, or an array of at most 100 numbers.
      if (values.length === 0 || values.length > 100 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        violations.push(`metric ${Name} has no numeric value (or array of at most 100) at the root`);
      }
    }
  }
  return violations;
}

/** The EMF documents among output lines: the lines whose JSON has an `_aws` member. */
export function emfDocuments(output: string): string[] {
  return output.split('\n').filter((line) => line.startsWith('{') && line.includes('"_aws"'));
}

/** An EMF line as its document; `emfViolations` says whether it is one. */
export function emfDocument(line: string): EmfRoot {
  return JSON.parse(line) as EmfRoot;
}
