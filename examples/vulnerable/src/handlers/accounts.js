exports.list = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ accounts: [], requestedBy: event.headers?.['x-user'] }),
})
