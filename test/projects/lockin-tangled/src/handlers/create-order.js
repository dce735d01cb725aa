const { placeOrder } = require('../services/orders');

exports.handler = async (event, context) => {
  const order = await placeOrder(event, context);
  return { statusCode: 201, body: JSON.stringify(order) }; // expect: input/missing-validation
};
