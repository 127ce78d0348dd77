/**
 * @generated SignedSource<<e15b3c296308b847c8bda86d9f455e98>>
 * @lightSyntaxTransform
 */

/* eslint-disable */

'use strict';

var node = (function(){
var v0 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "GlossaryTerm",
    "kind": "LinkedField",
    "name": "glossary",
    "plural": true,
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
        "name": "termId",
        "storageKey": null
      },
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
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "source",
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
    "name": "SuiteGlossaryQuery",
    "selections": (v0/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "SuiteGlossaryQuery",
    "selections": (v0/*:: as any*/)
  },
  "params": {
    "cacheID": "42bd0c7f6da9bee42d6a06caaded85d6",
    "id": null,
    "metadata": {},
    "name": "SuiteGlossaryQuery",
    "operationKind": "query",
    "text": "query SuiteGlossaryQuery {\n  glossary {\n    id\n    termId\n    term\n    definition\n    source\n  }\n}\n"
  }
};
})();

node.hash = "eacc7ded82b41f5a3cd684d136928541";

export default node;
