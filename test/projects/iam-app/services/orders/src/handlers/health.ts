import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { json } from '../lib/http.js';

export const handler = async (): Promise<APIGatewayProxyResultV2> => json(200, { ok: true, version: process.env.AWS_LAMBDA_FUNCTION_VERSION });
