const { query } = require('../_shared/db');

exports.handler = async (event) => {
  const id = event.queryStringParameters?.id;
  if (!id || !/^\d+$/.test(id)) return { statusCode: 400, body: 'a numeric id is required' };
  const rows = await query('SELECT * FROM orders WHERE id = $1', [id]);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
