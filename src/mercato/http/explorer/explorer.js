// Mercato's glue around GraphiQL: the token field sends `Authorization: Bearer <token>` with
// every request (unless the Headers tab sets Authorization itself), a new token reloads the
// schema, and the status line says in words what the server answered.
"use strict";

(function () {
  const TOKEN_KEY = "mercato-token";
  const DEFAULT_QUERY = [
    "# Mercato's GraphQL explorer.",
    "# Ctrl-Space completes, Ctrl-Enter runs; the book icon on the left opens the schema's",
    "# documentation and the clock icon your history. Variables and headers are below.",
    "",
    "query Markets($limit: Int) {",
    "  markets(limit: $limit) {",
    "    id",
    "    name",
    "    assignedToCountries { code name }",
    "  }",
    "}",
    "",
  ].join("\n");

  const tokenInput = document.getElementById("mercato-token");
  const status = document.getElementById("mercato-status");
  const container = document.getElementById("graphiql");

  function say(message, kind) {
    status.textContent = message;
    status.dataset.kind = kind || "info";
  }

  function hasHeader(headers, name) {
    return Object.keys(headers).some((key) => key.toLowerCase() === name);
  }

  function firstMessage(body) {
    const errors = body && Array.isArray(body.errors) ? body.errors : [];
    return errors.length ? String(errors[0].message) : "";
  }

  function makeFetcher(token) {
    return async function fetcher(params, options) {
      const headers = Object.assign({ "Content-Type": "application/json" }, options && options.headers);
      if (token && !hasHeader(headers, "authorization")) {
        headers.Authorization = "Bearer " + token;
      }
      if (!hasHeader(headers, "authorization")) {
        // Not worth a request the server can only refuse.
        return { errors: [{ message: "Paste an access token in the field above first." }] };
      }
      const response = await fetch("/graphql", {
        method: "POST",
        headers: headers,
        body: JSON.stringify(params),
        credentials: "same-origin",
      });
      let body;
      try {
        body = await response.json();
      } catch (error) {
        body = { errors: [{ message: "HTTP " + response.status + ": the answer is not JSON." }] };
      }
      report(params, response.status, body);
      return body;
    };
  }

  function report(params, httpStatus, body) {
    const message = firstMessage(body);
    const introspection = params.operationName === "IntrospectionQuery";
    if (httpStatus === 403) {
      say("The token was refused: " + message, "error");
    } else if (httpStatus === 429) {
      say("Rate limited: " + message, "error");
    } else if (httpStatus >= 400) {
      say((introspection ? "The schema could not be loaded: " : "Not run: ") + message, "error");
    } else if (introspection) {
      say("Connected: the schema is loaded (documentation and completion are on).");
    } else if (message) {
      say("Answered with errors: " + message, "error");
    } else {
      const complexity = body && body.extensions ? body.extensions.complexity : undefined;
      say("Answered (HTTP " + httpStatus + ", complexity " + complexity + ").");
    }
  }

  const root = ReactDOM.createRoot(container);

  function render() {
    const token = tokenInput.value.trim();
    if (!token) {
      say("Paste the token that `make run` printed to load the schema.");
    }
    root.render(
      React.createElement(GraphiQL, {
        // A new fetcher (a new token) makes GraphiQL load the schema again.
        fetcher: makeFetcher(token),
        defaultQuery: DEFAULT_QUERY,
        defaultEditorToolsVisibility: "variables",
        shouldPersistHeaders: false,
      }),
    );
  }

  tokenInput.value = sessionStorage.getItem(TOKEN_KEY) || "";
  let pending;
  tokenInput.addEventListener("input", () => {
    sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim());
    clearTimeout(pending);
    pending = setTimeout(render, 300);
  });
  render();
})();
