import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface NotificationRelay {
  stop(): Promise<void>;
}

/**
 * Moves S3's object notifications from the queue moto's S3 sends them to (moto delivers only to
 * its own SQS) to the importer's queue on ElasticMQ, unchanged, as S3 sends them to the importer's
 * queue in AWS. Each is deleted from the first queue once the second holds it.
 */
export function relayS3Notifications(from: SQSClient, fromUrl: string, to: SQSClient, toUrl: string): NotificationRelay {
  const stopping = new AbortController();
  const relaying = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const { Messages = [] } = await from.send(
          new ReceiveMessageCommand({ QueueUrl: fromUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          {
            abortSignal: stopping.signal,
          },
        );
        for (const message of Messages) {
          await to.send(new SendMessageCommand({ QueueUrl: toUrl, MessageBody: message.Body! }));
        }
        if (Messages.length > 0) {
          await from.send(
            new DeleteMessageBatchCommand({
              QueueUrl: fromUrl,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
      } catch (error) {
        if (stopping.signal.aborted) return;
        console.error(`S3 notification relay: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await relaying;
    },
  };
}
