// API Gateway validated the body against ReportRequest before this runs
export const handler = async (event) => {
  const { month } = JSON.parse(event.body);
  return { statusCode: 202, body: JSON.stringify({ month, state: 'queued' }) };
};
