/**
 * @generated SignedSource<<da674c6307a6aa3b9072b4646554f1e8>>
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
    "name": "submitProfile",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "decisionId",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "catalogVersion",
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
    "name": "SuiteSubmitMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "SuiteSubmitMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "81ac4f2b9f8513205ab644d6f502e08a",
    "id": null,
    "metadata": {},
    "name": "SuiteSubmitMutation",
    "operationKind": "mutation",
    "text": "mutation SuiteSubmitMutation(\n  $profile: ProfileInput!\n) {\n  submitProfile(profile: $profile) {\n    decisionId\n    catalogVersion\n    top {\n      score\n      framework {\n        id\n        name\n      }\n    }\n  }\n}\n"
  }
};
})();

node.hash = "83a75967e0b7b842decd5d32c63aca54";

export default node;
