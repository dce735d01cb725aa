'use strict';
const { execSync } = require('node:child_process');

// renders a packing slip for each order with the label tool
exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    try {
      execSync(`label-tool --order ${order.id} --to "${order.address}"`); // expect: input/command-injection
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
