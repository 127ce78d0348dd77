// @ts-check
// Starts GraphiQL on /graphql (the vendored UMD builds put React, ReactDOM and GraphiQL on
// window). Loaded with `defer` after them, so they are defined. Same-origin endpoint, JSON
// POSTs, as the server requires.

/** @type {any} */
const w = window;
const fetcher = w.GraphiQL.createFetcher({ url: window.location.pathname });
const defaultQuery = `# Try a recommendation preview (never logged):
query Preview {
  recommendation(profile: { answers: [
    { criterionId: "admin_panel", optionId: "yes" },
    { criterionId: "data_model", optionId: "relational" },
    { criterionId: "builtin_auth", optionId: "yes" }
  ] }) {
    catalogVersion confidence
    top { framework { name } score fit }
    ranking { rank framework { frameworkId } score reasons { criterionId contribution explanation } }
    takeaways { severity text }
    pivots { criterionId optionId newTop { name } }
  }
}`;
const root = document.getElementById("graphiql");
if (root) {
  w.ReactDOM.createRoot(root).render(w.React.createElement(w.GraphiQL, { fetcher, defaultQuery }));
}
