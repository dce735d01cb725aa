const functions = require('@google-cloud/functions-framework');

async function handle(req, res) {
  res.send(`processed ${Number(req.body.count)}`);
}

functions.http('worker', handle);

exports.handle = handle;
