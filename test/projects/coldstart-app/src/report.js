const moment = require('moment'); // expect: coldstart/whole-package-import

exports.handler = async (event) => {
  // loaded on the first call, not at init
  const get = require('lodash/get');
  return { at: moment.format(), first: get(event, 'Records.0.body') };
};
