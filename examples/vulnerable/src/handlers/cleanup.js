exports.handler = async () => ({ deleted: 0 })
