import type { SQSEvent } from 'aws-lambda';

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const change = JSON.parse(record.body) as { id: string; name?: string };
    console.log(JSON.stringify({ level: 'info', message: 'index', id: change.id }));
  }
};
