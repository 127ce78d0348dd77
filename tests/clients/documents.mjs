// The GraphQL documents every client sends, in one place. `relay/compile.mjs` compiles the
// same texts for Relay (renamed `Suite<Name>Query` / `Suite<Name>Mutation`, as Relay wants),
// so every client, and the plain-fetch reference, asks exactly the same selections.
//
// The documents are written against the contract of issue 16: `id` is an opaque, globally
// unique id (Relay's `Node.id`), and the catalog keys are explicit fields (`frameworkId`,
// `criterionId`, `optionId`, `faqId`, `termId`, `takeawayId`). Documents that are not about
// those fields use `id` alone, so they run against the server before and after the change.

/** Catalog queries: each is sent through each client, then read back from its cache. */
export const CATALOG = {
  Frameworks: `query Frameworks {
  frameworks {
    id
    frameworkId
    name
    language
    category
    summary
    strengths
    weaknesses
    link
    traits { traitId label value }
  }
}`,
  Criteria: `query Criteria {
  criteria {
    id
    criterionId
    question
    help
    options { id optionId label }
  }
}`,
  Glossary: `query Glossary {
  glossary { id termId term definition source }
}`,
  Faqs: `query Faqs {
  faqs {
    id
    faqId
    question
    answer
    tags
    source
    frameworks { id frameworkId name }
  }
  djangoFaqs: faqs(frameworkId: "django") { id faqId question }
  framework(id: "django") { id frameworkId name faqs { id faqId question } }
}`,
  Comparison: `query Comparison {
  comparison(frameworkIds: ["django", "flask"]) {
    frameworks { id frameworkId name }
    rows { traitId label source values { frameworkId value } }
  }
}`,
  // Only `id`, as today's schema has it: valid before and after the change, so this one
  // shows the cache merging of repeated ids (CriterionOption "yes", Framework and
  // GlossaryTerm "flask") whatever the server's schema is.
  CatalogIds: `query CatalogIds {
  criteria { id question options { id label } }
  frameworks { id name category }
  glossary { id term definition }
}`,
};

/** The README's preview, with the contract's key fields. */
export const PREVIEW = `query Preview($profile: ProfileInput!) {
  recommendation(profile: $profile) {
    catalogVersion
    confidence
    top { rank framework { id frameworkId name language } score fit }
    ranking {
      rank
      framework { id frameworkId name }
      score
      fit
      reasons { criterionId optionId contribution explanation }
    }
    takeaways { id takeawayId severity text frameworkIds }
    pivots {
      criterionId
      optionId
      fromOptionId
      option { id optionId label }
      newTop { id frameworkId name }
      newTopScore
    }
  }
}`;

export const PREVIEW_PROFILE = {
  answers: [
    { criterionId: 'admin_panel', optionId: 'yes' },
    { criterionId: 'realtime', optionId: 'some' },
    { criterionId: 'team_size', optionId: 'large' },
  ],
};

/** A small preview for the error cases: valid before and after the change. */
export const PREVIEW_TOP = `query PreviewTop($profile: ProfileInput!) {
  recommendation(profile: $profile) {
    confidence
    top { score framework { id name } }
  }
}`;

/** Input the resolvers refuse: an option the criterion does not have. */
export const UNKNOWN_OPTION_PROFILE = {
  answers: [{ criterionId: 'admin_panel', optionId: 'maybe' }],
};

/** Variables that do not coerce to their declared types. */
export const WRONG_TYPE_PROFILES = {
  'weight: "heavy"': { answers: [{ criterionId: 'admin_panel', optionId: 'yes', weight: 'heavy' }] },
  'languages: ["RUST"]': { answers: [{ criterionId: 'admin_panel', optionId: 'yes' }], languages: ['RUST'] },
};

export const SUBMIT = `mutation Submit($profile: ProfileInput!) {
  submitProfile(profile: $profile) {
    decisionId
    outcomeToken
    catalogVersion
    top { score framework { id name } }
  }
}`;

export const SUBMIT_PROFILE = {
  answers: [
    { criterionId: 'admin_panel', optionId: 'yes' },
    { criterionId: 'data_model', optionId: 'relational' },
    { criterionId: 'builtin_auth', optionId: 'yes' },
  ],
};

// Reporting the outcome: `recordOutcome` takes the `outcomeToken` that `submitProfile`
// returned with the decision (only the submitter can report its outcome).
export const OUTCOME = `mutation Outcome($decisionId: ID!, $chosenFrameworkId: ID!, $outcomeToken: String) {
  recordOutcome(decisionId: $decisionId, chosenFrameworkId: $chosenFrameworkId, outcomeToken: $outcomeToken)
}`;

/** The variables of OUTCOME, from what SUBMIT returned. */
export function outcomeVariables(submitted, chosenFrameworkId) {
  return { decisionId: submitted.decisionId, chosenFrameworkId, outcomeToken: submitted.outcomeToken };
}

/** For the APQ and batch checks: small catalog documents valid before and after. */
export const APQ_QUERY = `query ApqFrameworks {
  frameworks { id name language }
}`;

export const BATCH_ITEM = `query BatchItem($id: ID!) {
  framework(id: $id) { id name }
}`;

export const BATCH_IDS = [
  'django', 'flask', 'fastapi', 'litestar', 'express', 'fastify', 'nestjs', 'gin', 'echo',
  'no-such-framework-1', 'no-such-framework-2',
];

/** Every document Relay needs an artifact for: name -> text. */
export const RELAY_DOCUMENTS = {
  ...CATALOG,
  Preview: PREVIEW,
  PreviewTop: PREVIEW_TOP,
  Submit: SUBMIT,
  Outcome: OUTCOME,
};
