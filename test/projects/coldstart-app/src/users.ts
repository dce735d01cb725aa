import _ from 'lodash'; // expect: coldstart/whole-package-import
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { legacyTable } from './lib/db';

const client = new DynamoDBClient();

export const handler = async (event: { Records: { body: string }[] }) => {
  const ids = _.chunk(event.Records.map((r) => r.body), 10);
  return { ids, client: !!client, table: legacyTable() };
};
