'use strict';

module.exports = {
  partner: { baseUrl: 'https://partners.example.net/api' },
  sftp: {
    host: 'sftp.partners.example.net',
    username: 'shop-reports',
    privateKeyPath: '/opt/keys/reports.pem',
  },
  github: {
    // uploads the CSV to the partners' repository
    token: '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', // expect: secrets/no-hardcoded-secret
  },
};
