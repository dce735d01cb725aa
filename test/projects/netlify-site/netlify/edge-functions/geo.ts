import type { Context } from 'https://edge.netlify.com';

export default async (request: Request, context: Context) => {
  const country = context.geo?.country?.code ?? 'US';
  const response = await context.next();
  response.headers.set('x-country', country);
  return response;
};
