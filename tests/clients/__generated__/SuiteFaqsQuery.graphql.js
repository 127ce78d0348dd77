/**
 * @generated SignedSource<<9939d7a58604b401c2c74d0623264a76>>
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
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "faqId",
  "storageKey": null
},
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "question",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "frameworkId",
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "name",
  "storageKey": null
},
v5 = [
  (v0/*:: as any*/),
  (v1/*:: as any*/),
  (v2/*:: as any*/)
],
v6 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "Faq",
    "kind": "LinkedField",
    "name": "faqs",
    "plural": true,
    "selections": [
      (v0/*:: as any*/),
      (v1/*:: as any*/),
      (v2/*:: as any*/),
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "answer",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "tags",
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
        "concreteType": "Framework",
        "kind": "LinkedField",
        "name": "frameworks",
        "plural": true,
        "selections": [
          (v0/*:: as any*/),
          (v3/*:: as any*/),
          (v4/*:: as any*/)
        ],
        "storageKey": null
      }
    ],
    "storageKey": null
  },
  {
    "alias": "djangoFaqs",
    "args": [
      {
        "kind": "Literal",
        "name": "frameworkId",
        "value": "django"
      }
    ],
    "concreteType": "Faq",
    "kind": "LinkedField",
    "name": "faqs",
    "plural": true,
    "selections": (v5/*:: as any*/),
    "storageKey": "faqs(frameworkId:\"django\")"
  },
  {
    "alias": null,
    "args": [
      {
        "kind": "Literal",
        "name": "id",
        "value": "django"
      }
    ],
    "concreteType": "Framework",
    "kind": "LinkedField",
    "name": "framework",
    "plural": false,
    "selections": [
      (v0/*:: as any*/),
      (v3/*:: as any*/),
      (v4/*:: as any*/),
      {
        "alias": null,
        "args": null,
        "concreteType": "Faq",
        "kind": "LinkedField",
        "name": "faqs",
        "plural": true,
        "selections": (v5/*:: as any*/),
        "storageKey": null
      }
    ],
    "storageKey": "framework(id:\"django\")"
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "SuiteFaqsQuery",
    "selections": (v6/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "SuiteFaqsQuery",
    "selections": (v6/*:: as any*/)
  },
  "params": {
    "cacheID": "ea041f63fae7b934064d45b3fbbdffbc",
    "id": null,
    "metadata": {},
    "name": "SuiteFaqsQuery",
    "operationKind": "query",
    "text": "query SuiteFaqsQuery {\n  faqs {\n    id\n    faqId\n    question\n    answer\n    tags\n    source\n    frameworks {\n      id\n      frameworkId\n      name\n    }\n  }\n  djangoFaqs: faqs(frameworkId: \"django\") {\n    id\n    faqId\n    question\n  }\n  framework(id: \"django\") {\n    id\n    frameworkId\n    name\n    faqs {\n      id\n      faqId\n      question\n    }\n  }\n}\n"
  }
};
})();

node.hash = "7bc1d200159e94b75f2a66afef10aed3";

export default node;
