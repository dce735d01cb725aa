import AWS from 'aws-sdk'; // expect: coldstart/aws-sdk-v2

const docs = new AWS.DynamoDB();

export function legacyTable(): string {
  return String(docs);
}
