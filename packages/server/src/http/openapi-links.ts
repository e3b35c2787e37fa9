// OpenAPI links: how one operation's answer feeds the next. @fastify/swagger has no route option
// for them, so they are added to the finished document. Generated clients and stateful fuzzers
// (schemathesis) follow them to reach the success path of GET /api/secrets/{id}.
type Document = { paths?: Record<string, Record<string, { responses?: Record<string, { links?: object }> }>> };

const LINKS = [
  {
    path: '/api/secrets', method: 'post', status: '201', name: 'consumeSecret',
    link: {
      operationId: 'consumeSecret',
      parameters: { id: '$response.body#/id' },
      description: 'The id of the created secret retrieves (and consumes) it, once.',
    },
  },
];

export function addLinks<T>(openapiObject: T): T {
  const document = openapiObject as Document;
  for (const { path, method, status, name, link } of LINKS) {
    const response = document.paths?.[path]?.[method]?.responses?.[status];
    if (response === undefined) throw new Error(`openapi-links: ${method.toUpperCase()} ${path} has no ${status} response`);
    response.links = { ...response.links, [name]: link };
  }
  return openapiObject;
}
