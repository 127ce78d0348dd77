/**
 * @generated SignedSource<<557d8c88c8618c762e37e06141a50c80>>
 * @lightSyntaxTransform
 */

/* eslint-disable */

'use strict';

var node = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "chosenFrameworkId"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "decisionId"
},
v2 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "chosenFrameworkId",
        "variableName": "chosenFrameworkId"
      },
      {
        "kind": "Variable",
        "name": "decisionId",
        "variableName": "decisionId"
      }
    ],
    "kind": "ScalarField",
    "name": "recordOutcome",
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "SuiteOutcomeMutation",
    "selections": (v2/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v0/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "SuiteOutcomeMutation",
    "selections": (v2/*:: as any*/)
  },
  "params": {
    "cacheID": "03abd76d2b15152104f0fd385acc43fe",
    "id": null,
    "metadata": {},
    "name": "SuiteOutcomeMutation",
    "operationKind": "mutation",
    "text": "mutation SuiteOutcomeMutation(\n  $decisionId: ID!\n  $chosenFrameworkId: ID!\n) {\n  recordOutcome(decisionId: $decisionId, chosenFrameworkId: $chosenFrameworkId)\n}\n"
  }
};
})();

node.hash = "13d08881cee1c2b2d65cece4f90ffbca";

export default node;
