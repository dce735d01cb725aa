const { faker } = require('@faker-js/faker'); // expect: coldstart/dev-dependencies

exports.handler = async (event) => {
  if (process.env.IS_OFFLINE) {
    // a development-only path: loaded only when it runs
    const jest = require('jest-lite');
    return { jest: jest.name };
  }
  return { rows: event.Records.length, faker: String(faker) };
};
