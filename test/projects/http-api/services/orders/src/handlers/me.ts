import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { findOrder } from '../lib/db.js';

// the claims were verified by the API's JWT authorizer before the function ran
export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const { sub } = event.requestContext.authorizer.jwt.claims;
  const latest = await findOrder(`latest-${String(sub)}`);
  return { statusCode: 200, body: JSON.stringify({ sub, latest }) };
};
