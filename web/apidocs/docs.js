// Renders /api/v1/openapi.json as plain HTML: one section per operation (method, path,
// summary, parameters, request body, responses) and the schemas. Builds DOM nodes with
// textContent only (never innerHTML), so nothing in the document can inject markup.

/**
 * The parts of an OpenAPI 3.1 document this page reads.
 * @typedef {{ $ref?: string, type?: string | string[], items?: Schema, oneOf?: Schema[],
 *   description?: string, enum?: unknown[], properties?: Record<string, Schema>,
 *   required?: string[] }} Schema
 * @typedef {{ name: string, in: string, required?: boolean, description?: string,
 *   schema?: Schema }} Parameter
 * @typedef {{ description?: string, content?: Record<string, { schema?: Schema }> }} ApiResponse
 * @typedef {{ operationId?: string, summary?: string, description?: string,
 *   parameters?: Parameter[], requestBody?: { content?: Record<string, { schema?: Schema }> },
 *   responses?: Record<string, ApiResponse> }} Operation
 * @typedef {{ info?: { description?: string }, paths?: Record<string, Record<string, Operation>>,
 *   components?: { schemas?: Record<string, Schema> } }} ApiDocument
 */

const main = /** @type {HTMLElement} */ (document.getElementById("docs"));

/**
 * @param {string} tag
 * @param {Record<string, string>} attrs
 * @param {...(string | Node)} children
 * @returns {HTMLElement}
 */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) {
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * A schema's name or type, as a reader would write it.
 * @param {Schema | undefined} schema
 * @returns {string}
 */
function refName(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop() || "";
  if (schema.type === "array") return `[${refName(schema.items)}]`;
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.oneOf) return schema.oneOf.map(refName).join(" | ");
  return schema.type || "object";
}

/**
 * @param {string[]} headers
 * @param {string[][]} rows
 */
function table(headers, rows) {
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c))))),
  );
}

/**
 * @param {string} path
 * @param {string} method
 * @param {Operation} op
 */
function operation(path, method, op) {
  const section = el(
    "section",
    { class: "operation", id: op.operationId || `${method}-${path}` },
    el("h3", {}, el("span", { class: `method method-${method}` }, method.toUpperCase()), " ", el("code", {}, path)),
  );
  if (op.description || op.summary) section.append(el("p", {}, op.description || op.summary || ""));
  if (op.parameters?.length) {
    section.append(
      el("h4", {}, "Parameters"),
      table(
        ["name", "in", "type", "description"],
        op.parameters.map((p) => [p.name + (p.required ? " (required)" : ""), p.in, refName(p.schema), p.description || ""]),
      ),
    );
  }
  const body = op.requestBody?.content;
  if (body) {
    section.append(
      el("h4", {}, "Request body"),
      table(["content type", "schema"], Object.entries(body).map(([type, c]) => [type, refName(c.schema)])),
    );
  }
  section.append(
    el("h4", {}, "Responses"),
    table(
      ["status", "description", "body"],
      Object.entries(op.responses || {}).map(([status, r]) => [
        status,
        r.description || "",
        Object.entries(r.content || {}).map(([type, c]) => `${type}: ${refName(c.schema)}`).join("; "),
      ]),
    ),
  );
  return section;
}

/**
 * @param {string} name
 * @param {Schema} schema
 */
function schemaSection(name, schema) {
  const section = el("section", { id: `schema-${name}` }, el("h3", {}, name));
  if (schema.description) section.append(el("p", {}, schema.description));
  if (schema.enum) section.append(el("p", {}, "One of: ", el("code", {}, schema.enum.join(", "))));
  const props = Object.entries(schema.properties || {});
  if (props.length) {
    const required = new Set(schema.required || []);
    section.append(
      table(
        ["field", "type", "description"],
        props.map(([field, p]) => [field + (required.has(field) ? "" : " (optional)"), refName(p), p.description || ""]),
      ),
    );
  }
  return section;
}

async function render() {
  const res = await fetch("/api/v1/openapi.json", { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
  const doc = /** @type {ApiDocument} */ (await res.json());
  const parts = [el("p", {}, doc.info?.description || ""), el("h2", {}, "Operations")];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const [method, op] of Object.entries(item)) parts.push(operation(path, method, op));
  }
  parts.push(el("h2", {}, "Schemas"));
  for (const [name, schema] of Object.entries(doc.components?.schemas || {})) {
    parts.push(schemaSection(name, schema));
  }
  main.replaceChildren(...parts);
}

render().catch((e) => {
  main.replaceChildren(el("p", { role: "alert" }, `Could not render the API document: ${e.message}`));
});
