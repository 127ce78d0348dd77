/**
 * @generated SignedSource<<ed76586683b8a428f654b6886f91ce0b>>
 * @lightSyntaxTransform
 */

/* eslint-disable */

'use strict';

var node = (function(){
var v0 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "frameworkId",
  "storageKey": null
},
v1 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Literal",
        "name": "frameworkIds",
        "value": [
          "django",
          "flask"
        ]
      }
    ],
    "concreteType": "Comparison",
    "kind": "LinkedField",
    "name": "comparison",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "concreteType": "Framework",
        "kind": "LinkedField",
        "name": "frameworks",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "id",
            "storageKey": null
          },
          (v0/*:: as any*/),
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "name",
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "ComparisonRow",
        "kind": "LinkedField",
        "name": "rows",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "traitId",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "label",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "source",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "ComparisonCell",
            "kind": "LinkedField",
            "name": "values",
            "plural": true,
            "selections": [
              (v0/*:: as any*/),
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "value",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": null
      }
    ],
    "storageKey": "comparison(frameworkIds:[\"django\",\"flask\"])"
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "SuiteComparisonQuery",
    "selections": (v1/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "SuiteComparisonQuery",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "16e9faa459c924721efef22cb59c41e8",
    "id": null,
    "metadata": {},
    "name": "SuiteComparisonQuery",
    "operationKind": "query",
    "text": "query SuiteComparisonQuery {\n  comparison(frameworkIds: [\"django\", \"flask\"]) {\n    frameworks {\n      id\n      frameworkId\n      name\n    }\n    rows {\n      traitId\n      label\n      source\n      values {\n        frameworkId\n        value\n      }\n    }\n  }\n}\n"
  }
};
})();

node.hash = "a3ec1a7d67f7df9acbebd76ac373e5f5";

export default node;
