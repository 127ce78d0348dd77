/**
 * @generated SignedSource<<66377a498f672d14f9043de8622a20ef>>
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
        "name": "question",
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
            "name": "label",
            "storageKey": null
          }
        ],
        "storageKey": null
      }
    ],
    "storageKey": null
  },
  {
    "alias": null,
    "args": null,
    "concreteType": "Framework",
    "kind": "LinkedField",
    "name": "frameworks",
    "plural": true,
    "selections": [
      (v0/*:: as any*/),
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "name",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "category",
        "storageKey": null
      }
    ],
    "storageKey": null
  },
  {
    "alias": null,
    "args": null,
    "concreteType": "GlossaryTerm",
    "kind": "LinkedField",
    "name": "glossary",
    "plural": true,
    "selections": [
      (v0/*:: as any*/),
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "term",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "definition",
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
    "name": "SuiteCatalogIdsQuery",
    "selections": (v1/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "SuiteCatalogIdsQuery",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "abc43c252274c33dee0b1d18c58576de",
    "id": null,
    "metadata": {},
    "name": "SuiteCatalogIdsQuery",
    "operationKind": "query",
    "text": "query SuiteCatalogIdsQuery {\n  criteria {\n    id\n    question\n    options {\n      id\n      label\n    }\n  }\n  frameworks {\n    id\n    name\n    category\n  }\n  glossary {\n    id\n    term\n    definition\n  }\n}\n"
  }
};
})();

node.hash = "1410fa7b267ff473e39c2766a45ef580";

export default node;
