// called by Netlify Identity when a visitor signs up: give every new user the "member" role
exports.handler = async (event) => {
  const { user } = JSON.parse(event.body);
  return {
    statusCode: 200,
    body: JSON.stringify({ app_metadata: { ...user.app_metadata, roles: ['member'] } }),
  };
};
