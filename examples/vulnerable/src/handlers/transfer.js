exports.handler = async (event) => {
  const transfer = JSON.parse(event.body)
  return { statusCode: 201, body: JSON.stringify({ id: transfer.id }) }
}
