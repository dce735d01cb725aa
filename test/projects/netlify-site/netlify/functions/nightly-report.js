const { query } = require('./_shared/db');

exports.handler = async () => {
  const rows = await query('SELECT count(*) FROM orders WHERE created_at > now() - interval \'1 day\'');
  await fetch('https://hooks.example.com/report', { method: 'POST', body: JSON.stringify(rows) });
  return { statusCode: 200 };
};
