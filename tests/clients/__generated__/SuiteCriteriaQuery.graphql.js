/**
 * @generated SignedSource<<dd218b80058cd158b27f181b4c1f22c5>>
 * @lightSyntaxTransform
 */

/* eslint-disable */

'use strict';

var node = (function(){
var v0 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v1 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "Criterion",
    "kind": "LinkedField",
    "name": "criteria",
    "plural": true,
    "selections": [
      (v0/*:: as any*/),
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "criterionId",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "question",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "help",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "CriterionOption",
        "kind": "LinkedField",
        "name": "options",
        "plural": true,
        "selections": [
          (v0/*:: as any*/),
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "optionId",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "label",
            "storageKey": null
          }
        ],
        "storageKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "SuiteCriteriaQuery",
    "selections": (v1/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "SuiteCriteriaQuery",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "2193b9a9eece1a7ce97c7f6385c49816",
    "id": null,
    "metadata": {},
    "name": "SuiteCriteriaQuery",
    "operationKind": "query",
    "text": "query SuiteCriteriaQuery {\n  criteria {\n    id\n    criterionId\n    question\n    help\n    options {\n      id\n      optionId\n      label\n    }\n  }\n}\n"
  }
};
})();

node.hash = "a5fa6bf4270b4cd6cfc524a0ad3a25fe";

export default node;
