import { emfViolations } from './emf-specification';

/** A document being spoiled: any member may go or change type. */
interface EmfDraft {
  _aws?: {
    Timestamp?: number;
    CloudWatchMetrics: Array<{
      Namespace?: string;
      Dimensions?: string[][];
      Metrics: Array<{ Name: string; Unit?: string; StorageResolution?: number }>;
    }>;
  };
  ApiName?: unknown;
  TasksCreated?: unknown;
  [member: string]: unknown;
}

/** The EMF checker must refuse what CloudWatch refuses, or the metrics test would prove nothing. */
describe('emfViolations', () => {
  const now = 1_800_000_000_000;
  const valid = () => ({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [{ Namespace: 'ConnectTasks', Dimensions: [['ApiName']], Metrics: [{ Name: 'TasksCreated', Unit: 'Count' }] }],
    },
    ApiName: 'OrdersTaskApi',
    TasksCreated: 1,
  });

  test("accepts the specification's own shape", () => {
    // GIVEN / WHEN a valid document, shaped as the EMF specification shows, is checked
    // THEN no violation is found
    expect(emfViolations(JSON.stringify(valid()), now)).toEqual([]);
  });

  test.each<[string, (d: EmfDraft) => unknown]>([
    ['no _aws member', (d) => delete d._aws],
    ['no Timestamp', (d) => delete d._aws!.Timestamp],
    ['a Timestamp in seconds, three weeks old', (d) => (d._aws!.Timestamp = Math.floor(now / 1000))],
    ['a fractional Timestamp', (d) => (d._aws!.Timestamp = now + 0.5)],
    ['no Namespace', (d) => delete d._aws!.CloudWatchMetrics[0].Namespace],
    ['an empty Namespace', (d) => (d._aws!.CloudWatchMetrics[0].Namespace = '')],
    ['no Dimensions', (d) => delete d._aws!.CloudWatchMetrics[0].Dimensions],
    ['a dimension set of 31 keys', (d) => (d._aws!.CloudWatchMetrics[0].Dimensions = [Array.from({ length: 31 }, (_, i) => `D${i}`)])],
    ['a dimension key missing at the root', (d) => delete d.ApiName],
    ['a numeric dimension value', (d) => (d.ApiName = 42)],
    ['a unit CloudWatch does not know', (d) => (d._aws!.CloudWatchMetrics[0].Metrics[0].Unit = 'Tasks')],
    ['a storage resolution of 5', (d) => (d._aws!.CloudWatchMetrics[0].Metrics[0].StorageResolution = 5)],
    ['a metric missing at the root', (d) => delete d.TasksCreated],
    ['a string metric value', (d) => (d.TasksCreated = '1')],
    ['101 values for one metric', (d) => (d.TasksCreated = new Array<number>(101).fill(1))],
    [
      '101 metrics in one directive',
      (d) =>
        (d._aws!.CloudWatchMetrics[0].Metrics = Array.from({ length: 101 }, (_, i) => {
          d[`M${i}`] = 1;
          return { Name: `M${i}` };
        })),
    ],
  ])('refuses %s', (_, spoil) => {
    // GIVEN a valid document, spoiled as the row says
    const document: EmfDraft = valid();
    spoil(document);
    // WHEN it is checked THEN at least one violation is found
    expect(emfViolations(JSON.stringify(document), now)).not.toEqual([]);
  });

  test('refuses a line with text around the JSON, as a console-prefixed line would have', () => {
    // GIVEN / WHEN a valid document behind a console's INFO prefix is checked
    // THEN the one violation is that the line is not a JSON document
    expect(emfViolations(`INFO ${JSON.stringify(valid())}`, now)).toEqual(['the line is not a JSON document']);
  });
});
