const { execSync } = require('child_process');

module.exports = async function (context, req) {
  const id = req.params.id;
  const out = execSync(`grep ${id} /data/orders.csv`); // expect: input/command-injection
  context.res = { body: out.toString() };
};
