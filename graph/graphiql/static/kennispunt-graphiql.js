// GraphiQL for Kennispunt: queries over HTTP, subscriptions over graphql-transport-ws,
// the explorer plugin and the headers panel. Everything is served by this server.
"use strict";

(function () {
  const EXAMPLE_QUERY = `# Kennispunt GraphQL API
#
# Run with Ctrl-Enter (or the play button); Ctrl-Space completes.
# Signed in at /auth/dev (demo mode), or add a token in the Headers panel below:
#   {"Authorization": "Bearer <token>"}

query LatestArticles {
  articles(first: 3) {
    edges {
      node {
        title
        summary
      }
    }
  }
}
`;

  const parameters = new URLSearchParams(window.location.search);

  function updateURL(changes) {
    for (const [key, value] of Object.entries(changes)) {
      if (value) {
        parameters.set(key, value);
      } else {
        parameters.delete(key);
      }
    }
    const search = parameters.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  const url = window.location.origin + window.location.pathname;
  const subscriptionUrl = url.replace(/^http/, "ws");
  const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function KennispuntGraphiQL() {
    const [query, setQuery] = React.useState(parameters.get("q") || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.get("variables") || undefined);
    return React.createElement(GraphiQL, {
      fetcher,
      plugins: [explorer],
      query,
      variables,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      inputValueDeprecation: true,
      onEditQuery(value) {
        setQuery(value);
        updateURL({ q: value });
      },
      onEditVariables(value) {
        setVariables(value);
        updateURL({ variables: value });
      },
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(KennispuntGraphiQL));
})();
