'use strict';

const page = (title, body) => `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;

module.exports.handler = async (event) => {
  const title = event.queryStringParameters?.title ?? 'Report';
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: page(title, '<p>preview</p>'), // expect: input/xss
  };
};
