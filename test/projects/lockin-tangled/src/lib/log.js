const { Logger } = require('@aws-lambda-powertools/logger');

const logger = new Logger({ serviceName: 'orders' });

function log(what, id) {
  logger.info(what, { id });
}

module.exports = { log };
