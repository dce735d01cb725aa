const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { log } = require('../lib/log');

const sqs = new SQSClient({});

async function settlePayment(record) {
  const payment = JSON.parse(record.body);
  const source = record.eventSourceARN;
  await sqs.send(
    new SendMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/shipments', MessageBody: JSON.stringify({ id: payment.orderId, source }) }),
  );
  log('settled', payment.orderId);
}

module.exports = { settlePayment };
