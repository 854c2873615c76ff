import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { HandlerHost } from './handler-host';

export interface SqsEventSourceOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  /** Messages per invocation, at most 10. */
  readonly batchSize: number;
  /** Concurrent invocations, each in a container of its own (the event source's maximum concurrency). */
  readonly concurrency: number;
  /** The function's timeout: an invocation that runs longer is ended and its container replaced. */
  readonly timeoutMs: number;
  /** Starts a container: the function's handler loaded afresh. */
  readonly startContainer: (index: number) => Promise<HandlerHost>;
  /** Called when an invocation failed as a whole (threw, timed out, or its container died). */
  readonly onInvocationFailure?: (reason: string) => void;
}

/**
 * Drives a queue consumer as Lambda's SQS event source does: `concurrency` pollers, each with
 * its own container, receive up to `batchSize` messages (long polling), invoke the handler with
 * an SQS event, and delete the messages the invocation did not report in `batchItemFailures`
 * (ReportBatchItemFailures). An invocation that throws, times out or loses its container deletes
 * nothing: its messages come back when their visibility timeout ends, and the queue's redrive
 * policy moves those received too often to the dead-letter queue, as in AWS.
 */
export class SqsEventSource {
  private readonly containers: Array<HandlerHost | undefined> = [];
  private readonly stopping = new AbortController();
  private readonly pollers: Array<Promise<void>> = [];
  /** Invocations made, and messages deleted after a successful invocation. */
  readonly counts = { invocations: 0, failedInvocations: 0, deleted: 0 };

  constructor(private readonly options: SqsEventSourceOptions) {}

  start(): void {
    for (let i = 0; i < this.options.concurrency; i++) this.pollers.push(this.poll(i));
  }

  /** Ends container `index` at once, as a crash would: its invocation in flight fails and its batch is not deleted. */
  async crash(index: number): Promise<void> {
    const container = this.containers[index];
    this.containers[index] = undefined;
    await container?.close();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.pollers);
    await Promise.all(this.containers.flatMap((c) => (c ? [c.close()] : [])));
  }

  private async poll(index: number): Promise<void> {
    const { sqs, queueUrl, batchSize } = this.options;
    while (!this.stopping.signal.aborted) {
      let messages: Message[];
      try {
        ({ Messages: messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.stopping.signal },
        ));
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        this.options.onInvocationFailure?.(`receive failed: ${error instanceof Error ? error.message : String(error)}`);
        await sleep(500);
        continue;
      }
      if (messages.length === 0) continue;
      const failed = await this.invoke(index, messages);
      const done = messages.filter((m) => !failed.has(m.MessageId!));
      for (let i = 0; i < done.length; i += 10) {
        const entries = done.slice(i, i + 10).map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! }));
        const { Successful = [] } = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        this.counts.deleted += Successful.length;
      }
    }
  }

  /** The ids of the messages to keep: the reported failures, or every message when the invocation failed. */
  private async invoke(index: number, messages: Message[]): Promise<Set<string>> {
    const everything = new Set(messages.map((m) => m.MessageId!));
    this.counts.invocations++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const container = (this.containers[index] ??= await this.options.startContainer(index));
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      });
      const response = await Promise.race([container.invoke<SQSBatchResponse | undefined>(this.event(messages)), timedOut]);
      return new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.counts.failedInvocations++;
      this.options.onInvocationFailure?.(error instanceof Error ? error.message : String(error));
      // Lambda replaces the execution environment of an invocation that timed out or crashed.
      await this.crash(index);
      return everything;
    } finally {
      clearTimeout(timer);
    }
  }

  private event(messages: Message[]): SQSEvent {
    const region = this.options.queueArn.split(':')[3];
    return {
      Records: messages.map((m): SQSRecord => ({
        messageId: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body ?? '',
        attributes: m.Attributes as unknown as SQSRecord['attributes'],
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: this.options.queueArn,
        awsRegion: region,
      })),
    };
  }
}
