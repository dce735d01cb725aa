const { settlePayment } = require('../services/payments');

exports.handler = async (event) => {
  for (const record of event.Records) {
    await settlePayment(record);
  }
};
