// after sign-in, back to where the user came from
export const handler = async (event) => ({
  statusCode: 302,
  headers: { Location: event.queryStringParameters.next }, // expect: input/open-redirect
});
