// Left behind when the export function was removed from serverless.yml.
exports.handler = async () => ({ statusCode: 200 })
