import Ajv, { type JSONSchemaType } from 'ajv';
import type { APIGatewayProxyEvent } from 'aws-lambda';

interface ExportRequest {
  format: 'csv' | 'json';
  from: string;
}

const schema: JSONSchemaType<ExportRequest> = {
  type: 'object',
  required: ['format', 'from'],
  properties: { format: { type: 'string', enum: ['csv', 'json'] }, from: { type: 'string', format: 'date' } },
  additionalProperties: false,
};
const isExportRequest = new Ajv().compile(schema);

export const handler = async (event: APIGatewayProxyEvent) => {
  const request: unknown = JSON.parse(event.body ?? '{}');
  if (!isExportRequest(request)) return { statusCode: 400, body: JSON.stringify(isExportRequest.errors) };
  return { statusCode: 202, headers: { 'x-export-format': request.format }, body: JSON.stringify({ from: request.from }) };
};
