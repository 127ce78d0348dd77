/**
 * @generated SignedSource<<a510b55d1d6ac0767085007067939fa3>>
 * @lightSyntaxTransform
 */

/* eslint-disable */

'use strict';

var node = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "profile"
  }
],
v1 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "profile",
        "variableName": "profile"
      }
    ],
    "concreteType": "Recommendation",
    "kind": "LinkedField",
    "name": "recommendation",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "confidence",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "RankedFramework",
        "kind": "LinkedField",
        "name": "top",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "score",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "Framework",
            "kind": "LinkedField",
            "name": "framework",
            "plural": false,
            "selections": [
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "id",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "name",
                "storageKey": null
              }
            ],
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
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "SuitePreviewTopQuery",
    "selections": (v1/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "SuitePreviewTopQuery",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "311f397b5d23db5bb025ebd353f66e22",
    "id": null,
    "metadata": {},
    "name": "SuitePreviewTopQuery",
    "operationKind": "query",
    "text": "query SuitePreviewTopQuery(\n  $profile: ProfileInput!\n) {\n  recommendation(profile: $profile) {\n    confidence\n    top {\n      score\n      framework {\n        id\n        name\n      }\n    }\n  }\n}\n"
  }
};
})();

node.hash = "3335c127369fb21f04bbbdb8721bd855";

export default node;
