/**
 * @generated SignedSource<<ebbbd30f362bf13fbb5c74141f1f09d0>>
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
v2 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "outcomeToken"
},
v3 = [
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
      },
      {
        "kind": "Variable",
        "name": "outcomeToken",
        "variableName": "outcomeToken"
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
      (v1/*:: as any*/),
      (v2/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "SuiteOutcomeMutation",
    "selections": (v3/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v0/*:: as any*/),
      (v2/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "SuiteOutcomeMutation",
    "selections": (v3/*:: as any*/)
  },
  "params": {
    "cacheID": "69e6adddfa7d933372157e7bb06b4f4a",
    "id": null,
    "metadata": {},
    "name": "SuiteOutcomeMutation",
    "operationKind": "mutation",
    "text": "mutation SuiteOutcomeMutation(\n  $decisionId: ID!\n  $chosenFrameworkId: ID!\n  $outcomeToken: String\n) {\n  recordOutcome(decisionId: $decisionId, chosenFrameworkId: $chosenFrameworkId, outcomeToken: $outcomeToken)\n}\n"
  }
};
})();

node.hash = "60ed4fd1dccbec772939be0b45dfa937";

export default node;
