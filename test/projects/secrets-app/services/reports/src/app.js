'use strict';
const config = require('./config');

exports.handler = async () => {
  const res = await fetch(`${config.partner.baseUrl}/reports`, {
    method: 'POST',
    headers: { 'X-Partner-Key': process.env.PARTNER_API_TOKEN, 'Content-Type': 'text/csv' },
    body: 'order_id,total\n',
  });
  return { status: res.status, sftpHost: config.sftp.host };
};
