import get from 'lodash/get.js';

export const handler = async (event) => ({ first: get(event, 'Records.0.body') });
