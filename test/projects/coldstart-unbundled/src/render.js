const pdfkit = require('pdfkit');
const { name } = require('uuid');

exports.handler = async (event) => {
  return { pages: event.Records.length, by: pdfkit.name, id: name };
};
