// Brings openapi.yaml in step with the gateway's code, keeping everything written by hand (descriptions,
// examples, schemas, formatting). Input: the code's operations as exported by OpenApiDriftTests
// (MUREKA_OPENAPI_EXPORT). It adds missing operations, statuses and parameters, removes operations and
// statuses the code no longer has, and copies operationId, summary and tags from the code's attributes.
// Usage: node sync.mjs code-operations.json ../../openapi.yaml
import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";

const [codePath, specPath] = process.argv.slice(2);
const code = JSON.parse(readFileSync(codePath, "utf8"));
const doc = parseDocument(readFileSync(specPath, "utf8"));
const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
const changes = [];

// Error statuses with a shared response in components/responses; others get an inline problem.
const sharedResponses = {
  400: "ValidationProblem", 401: "Unauthorized", 404: "NotFound", 409: "IdempotencyInProgress", 413: "TooLarge",
  415: "UnsupportedMediaType", 422: "IdempotencyMismatch", 429: "Overloaded", 503: "NoCapacity",
};
const sharedParameters = { "header:Idempotency-Key": "IdempotencyKey" };

function responseFor(r) {
  if (r.is_problem) {
    return sharedResponses[r.status]
      ? { $ref: `#/components/responses/${sharedResponses[r.status]}` }
      : { description: `TODO: when the operation answers ${r.status}.`, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
  }
  const response = { description: `TODO: what status ${r.status} returns.` };
  if (r.content_types.length > 0) {
    response.content = Object.fromEntries(r.content_types.map(c => [c, { schema: c.includes("json") ? { type: "object", description: `TODO: the ${r.type ?? "response"} schema.` } : { type: "string", format: "binary" } }]));
  }
  return response;
}

function parameterFor(p) {
  const shared = sharedParameters[`${p.in}:${p.name}`];
  return shared ? { $ref: `#/components/parameters/${shared}` } : { name: p.name, in: p.in, required: p.required, description: "TODO: describe.", schema: { type: "string" } };
}

const seen = new Set();
for (const op of code) {
  const method = op.method.toLowerCase();
  const where = `${op.method} ${op.path}`;
  seen.add(`${method} ${op.path}`);
  if (!doc.hasIn(["paths", op.path, method])) {
    const operation = {
      operationId: op.operation_id ?? "TODO",
      summary: op.summary ?? "TODO",
      description: "TODO: describe the operation.",
      tags: op.tags,
      ...(op.requires_api_key ? {} : { security: [] }),
      parameters: op.parameters.map(parameterFor),
      responses: Object.fromEntries(op.responses.map(r => [String(r.status), responseFor(r)])),
    };
    if (operation.parameters.length === 0) delete operation.parameters;
    doc.setIn(["paths", op.path, method], doc.createNode(operation));
    changes.push(`${where}: added`);
    continue;
  }

  const base = ["paths", op.path, method];
  for (const [field, value] of [["operationId", op.operation_id], ["summary", op.summary]]) {
    if (value && doc.getIn([...base, field]) !== value) {
      doc.setIn([...base, field], value);
      changes.push(`${where}: ${field} = ${value}`);
    }
  }
  const tags = doc.getIn([...base, "tags"])?.toJSON() ?? [];
  if (op.tags.length > 0 && JSON.stringify([...tags].sort()) !== JSON.stringify([...op.tags].sort())) {
    doc.setIn([...base, "tags"], doc.createNode(op.tags, { flow: true }));
    changes.push(`${where}: tags = [${op.tags}]`);
  }

  const responses = doc.getIn([...base, "responses"]);
  const codeStatuses = new Set(op.responses.map(r => String(r.status)));
  for (const r of op.responses) {
    if (!responses.has(String(r.status))) {
      responses.set(String(r.status), doc.createNode(responseFor(r)));
      changes.push(`${where}: status ${r.status} added`);
    }
  }
  for (const item of [...responses.items]) {
    const status = String(item.key.value ?? item.key);
    if (status !== "default" && !codeStatuses.has(status)) {
      responses.delete(item.key);
      changes.push(`${where}: status ${status} removed`);
    }
  }
  const ordered = [...responses.items].sort((a, b) => String(a.key.value ?? a.key).localeCompare(String(b.key.value ?? b.key)));
  responses.items = ordered;

  const existing = (doc.getIn([...base, "parameters"])?.items ?? []).map(p => {
    const ref = p.get?.("$ref");
    if (ref) {
      const resolved = doc.getIn(ref.slice(2).split("/"));
      return `${resolved?.get("in")}:${resolved?.get("name")}`.toLowerCase();
    }
    return `${p.get("in")}:${p.get("name")}`.toLowerCase();
  });
  for (const p of op.parameters) {
    if (!existing.includes(`${p.in}:${p.name}`.toLowerCase())) {
      if (!doc.hasIn([...base, "parameters"])) doc.setIn([...base, "parameters"], doc.createNode([]));
      doc.getIn([...base, "parameters"]).add(doc.createNode(parameterFor(p)));
      changes.push(`${where}: ${p.in} parameter ${p.name} added`);
    }
  }
}

for (const pathItem of [...(doc.get("paths")?.items ?? [])]) {
  const path = String(pathItem.key.value ?? pathItem.key);
  for (const method of methods) {
    if (pathItem.value.has(method) && !seen.has(`${method} ${path}`)) {
      pathItem.value.delete(method);
      changes.push(`${method.toUpperCase()} ${path}: removed (no such endpoint in the code)`);
    }
  }
  if (!methods.some(m => pathItem.value.has(m))) doc.deleteIn(["paths", pathItem.key]);
}

if (changes.length === 0) {
  console.log("openapi.yaml already matches the code.");
} else {
  writeFileSync(specPath, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  console.log(changes.map(c => "  " + c).join("\n"));
}
if (changes.some(c => c.includes("added"))) console.log("Fill in the TODOs (descriptions, schemas, examples).");
