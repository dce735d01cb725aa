const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const { SFNClient, StartExecutionCommand } = require('@aws-sdk/client-sfn');
const { log } = require('../lib/log');
const { workflowArn } = require('../lib/arns');

const db = new DynamoDBClient({});
const sfn = new SFNClient({ region: 'us-east-1' });

async function placeOrder(event, context) {
  const customer = event.requestContext.authorizer.jwt.claims.sub;
  const order = { id: context.awsRequestId, customer, body: event.body };
  if (context.getRemainingTimeInMillis() < 1000) throw new Error('too late to place an order');
  await db.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { pk: { S: order.id }, customer: { S: customer } } }));
  await sfn.send(new StartExecutionCommand({ stateMachineArn: workflowArn(), input: JSON.stringify({ id: order.id }) }));
  log('placed', order.id);
  return order;
}

async function orderChanged(change) {
  const image = change.NewImage;
  log('changed', image.pk.S);
}

module.exports = { placeOrder, orderChanged };
