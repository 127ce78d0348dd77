// Federation for real: composes the service's subgraph SDL (`_service { sdl }`) with a
// second, tiny subgraph that extends `Framework` with `teamsUsing`, runs Apollo Gateway on
// the composed supergraph, and queries through it fields of both subgraphs on the same
// `Framework`, in both directions (a root field of each subgraph). Prints what the gateway
// answered; exits non-zero with the reasons on any failure.
// Usage: node federation.mjs <service /graphql URL>
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';

const [serviceUrl] = process.argv.slice(2);
const fail = (message) => {
  console.error(message);
  process.exit(1);
};

async function post(url, query) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.errors) fail(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

// 1. The service's subgraph SDL, as a gateway or a schema registry reads it.
const { _service } = await post(serviceUrl, '{ _service { sdl } }');
const matrixSdl = _service.sdl;
if (!/type Framework[^{]*@key\(fields: "id"\)/.test(matrixSdl)) fail(`no Framework @key(fields: "id"):\n${matrixSdl}`);

// 2. The second subgraph: how many teams use each framework (made-up numbers).
const teams = { 'Framework:django': 12, 'Framework:flask': 7, 'Framework:fastapi': 21, 'Framework:litestar': 1 };
const adoptionSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Framework @key(fields: "id") {
    id: ID!
    "Teams of the company running it in production."
    teamsUsing: Int!
  }
  type Query {
    "The framework most teams use."
    mostAdopted: Framework!
  }
`;
const adoption = new ApolloServer({
  schema: buildSubgraphSchema([{
    typeDefs: parse(adoptionSdl),
    resolvers: {
      Query: { mostAdopted: () => ({ id: 'Framework:fastapi' }) },
      Framework: {
        __resolveReference: (ref) => ({ id: ref.id }),
        teamsUsing: (f) => teams[f.id] ?? 0,
      },
    },
  }]),
});
const { url: adoptionUrl } = await startStandaloneServer(adoption, { listen: { port: 0, host: '127.0.0.1' } });

// 3. Composition, with Apollo's own composer.
const composed = composeServices([
  { name: 'matrix', typeDefs: parse(matrixSdl), url: serviceUrl },
  { name: 'adoption', typeDefs: parse(adoptionSdl), url: adoptionUrl },
]);
if (composed.errors) fail(`composition failed:\n${composed.errors.map((e) => e.message).join('\n')}`);

// 4. The gateway on the supergraph, over HTTP like a client would use it.
const gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
const { url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } });

// The service's root field, with a field of each subgraph on each Framework.
const fromMatrix = await post(gatewayUrl, '{ frameworks(language: PYTHON) { frameworkId name teamsUsing } }');
const expected = [
  { frameworkId: 'django', name: 'Django', teamsUsing: 12 },
  { frameworkId: 'flask', name: 'Flask', teamsUsing: 7 },
  { frameworkId: 'fastapi', name: 'FastAPI', teamsUsing: 21 },
  { frameworkId: 'litestar', name: 'Litestar', teamsUsing: 1 },
];
if (JSON.stringify(fromMatrix.frameworks) !== JSON.stringify(expected)) {
  fail(`frameworks through the gateway: ${JSON.stringify(fromMatrix)}`);
}
// The other subgraph's root field: the service resolves the entity by its key.
const fromAdoption = await post(gatewayUrl, '{ mostAdopted { id teamsUsing frameworkId name language } }');
const top = fromAdoption.mostAdopted;
if (top.name !== 'FastAPI' || top.frameworkId !== 'fastapi' || top.language !== 'PYTHON' || top.teamsUsing !== 21) {
  fail(`mostAdopted through the gateway: ${JSON.stringify(fromAdoption)}`);
}
console.log(JSON.stringify({ fromMatrix, fromAdoption }));
await gateway.stop();
await adoption.stop();
process.exit(0);
