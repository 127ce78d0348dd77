/**
 * @generated SignedSource<<41ac6032afb2796c0324d1cff2e7e67c>>
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
        "name": "outcomeToken",
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
    "cacheID": "9923190aa6f763903eb458f047c3d427",
    "id": null,
    "metadata": {},
    "name": "SuiteSubmitMutation",
    "operationKind": "mutation",
    "text": "mutation SuiteSubmitMutation(\n  $profile: ProfileInput!\n) {\n  submitProfile(profile: $profile) {\n    decisionId\n    outcomeToken\n    catalogVersion\n    top {\n      score\n      framework {\n        id\n        name\n      }\n    }\n  }\n}\n"
  }
};
})();

node.hash = "21581498a4e566cc55a3d450ef08afb3";

export default node;
