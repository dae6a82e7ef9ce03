// Validates rendered manifests: every object against the upstream Kubernetes OpenAPI schema (kubernetes-models,
// whose classes carry the schemas and a validate()), then the project's own rules that no schema knows.
//   node validate.mjs NAME=RENDERED.yaml ...   (validate.sh renders the base and each overlay with kubectl kustomize)
// First a self-check proves the validator rejects broken objects. Exit 1 on any error, each naming
// target, kind/name and the reason.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const GATEWAY = "mureka-gateway";
const HOST = "mureka-host";

/** The kubernetes-models class of apiVersion/kind (core "v1" lives at kubernetes-models/v1). */
async function modelClass(apiVersion, kind) {
  try {
    return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

async function schemaErrors(obj) {
  if (!obj || typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
    return ["no apiVersion/kind"];
  }
  const Model = await modelClass(obj.apiVersion, obj.kind);
  if (!Model) {
    return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  }
  // kustomize v5 folds long base64 Secret data over lines; the API server's base64 decoding skips line breaks,
  // the schema's "byte" format does not, so they are removed before the schema sees the data.
  if (obj.kind === "Secret" && obj.data) {
    obj = { ...obj, data: Object.fromEntries(Object.entries(obj.data).map(([k, v]) => [k, String(v).replace(/[\r\n]/g, "")])) };
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    const details = (e.errors ?? []).map((x) => `${x.instancePath || "/"} ${x.message}`);
    return details.length ? details : [String(e.message ?? e)];
  }
}

const id = (o) => `${o?.kind ?? "?"}/${o?.metadata?.name ?? "?"}`;
const matches = (selector, labels) =>
  !!selector && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const containers = (d) => d?.spec?.template?.spec?.containers ?? [];
const env = (container, name) => (container.env ?? []).find((e) => e.name === name);

/** Rules a schema cannot express; `target` is the overlay name (production must ask for GPUs). */
function projectErrors(target, objects) {
  const errors = [];
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const fail = (o, message) => errors.push(`${id(o)}: ${message}`);

  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    for (const c of containers(d)) {
      if (!c.readinessProbe) fail(d, `container ${c.name} has no readinessProbe`);
      if (!c.livenessProbe) fail(d, `container ${c.name} has no livenessProbe`);
      if (!c.resources?.requests || !c.resources?.limits) fail(d, `container ${c.name} has no resource requests/limits`);
    }
  }

  const gateway = find("Deployment", GATEWAY);
  const host = find("Deployment", HOST);
  if (!gateway || !host) {
    errors.push(`Deployment/${GATEWAY} and Deployment/${HOST} must both be rendered`);
    return errors;
  }
  const hostLabels = host.spec.template.metadata?.labels;
  const gatewayLabels = gateway.spec.template.metadata?.labels;
  const hostContainer = containers(host)[0];
  const gatewayContainer = containers(gateway)[0];

  const gpus = Number(hostContainer?.resources?.limits?.["nvidia.com/gpu"] ?? 0);
  if (target === "production" && gpus < 1) fail(host, "production hosts must have nvidia.com/gpu in resources.limits");
  if (target === "production" && !host.spec.template.spec.tolerations?.some((t) => t.key === "nvidia.com/gpu")) {
    fail(host, "production hosts must tolerate the nvidia.com/gpu taint");
  }
  if (target === "cpu-dev" && gpus > 0) fail(host, "cpu-dev hosts must not ask for a GPU");

  // The gateway's DNS discovery must resolve the headless Service that selects the host pods, on their gRPC port.
  const config = (gatewayContainer.envFrom ?? [])
    .map((e) => e.configMapRef && find("ConfigMap", e.configMapRef.name))
    .filter(Boolean)
    .reduce((all, cm) => ({ ...all, ...cm.data }), {});
  const dnsName = config["Gateway__HostDiscovery__DnsName"];
  const port = Number(config["Gateway__HostDiscovery__Port"] ?? 7001);
  const service = dnsName && find("Service", dnsName.split(".")[0]);
  if (!dnsName) fail(gateway, "Gateway__HostDiscovery__DnsName is not set in the gateway's ConfigMap");
  else if (!service) fail(gateway, `Gateway__HostDiscovery__DnsName=${dnsName} names no rendered Service`);
  else {
    if (service.spec?.clusterIP !== "None") fail(service, "the hosts' discovery Service must be headless (clusterIP: None)");
    if (!matches(service.spec?.selector, hostLabels)) fail(service, `selector does not select the ${HOST} pods`);
    if (!(service.spec?.ports ?? []).some((p) => p.port === port)) fail(service, `has no port ${port} (Gateway__HostDiscovery__Port)`);
  }
  if (!(hostContainer.ports ?? []).some((p) => p.containerPort === port)) fail(host, `container does not listen on ${port}`);

  // Only gateway pods reach host pods, on the gRPC port.
  const policies = objects.filter((o) => o.kind === "NetworkPolicy" && matches(o.spec?.podSelector?.matchLabels, hostLabels));
  if (!policies.length) errors.push(`no NetworkPolicy selects the ${HOST} pods`);
  if (!policies.some((p) => (p.spec.policyTypes ?? []).includes("Ingress"))) errors.push(`no NetworkPolicy restricts ingress to the ${HOST} pods`);
  for (const p of policies) {
    for (const rule of p.spec.ingress ?? []) {
      if (!(rule.from ?? []).length || !rule.from.every((f) => f.podSelector && matches(f.podSelector.matchLabels, gatewayLabels))) {
        fail(p, `an ingress rule lets in more than the ${GATEWAY} pods`);
      }
      if (!(rule.ports ?? []).length || !rule.ports.every((x) => x.port === port)) fail(p, `an ingress rule opens more than port ${port}`);
    }
  }
  if (!policies.some((p) => (p.spec.ingress ?? []).length)) errors.push(`no NetworkPolicy lets the ${GATEWAY} pods reach the ${HOST} pods`);

  // Gateways present the secret that hosts accept.
  const presented = env(gatewayContainer, "Gateway__HostSecret")?.valueFrom?.secretKeyRef;
  const accepted = env(hostContainer, "Host__CallerSecrets__0")?.valueFrom?.secretKeyRef;
  if (!presented || !accepted || presented.name !== accepted.name || presented.key !== accepted.key) {
    fail(gateway, "Gateway__HostSecret and the hosts' Host__CallerSecrets__0 must come from the same Secret key");
  }
  if (objects.some((o) => o.kind === "ConfigMap" && o.data?.["Gateway__MigrateOnStart"] === "true")) {
    errors.push("gateways must not migrate at start: the Job mureka-migrate does");
  }
  if (!objects.some((o) => o.kind === "Job" && containers(o).some((c) => (c.args ?? []).join(" ") === "admin db migrate"))) {
    errors.push("no migration Job (mureka admin db migrate)");
  }
  return errors;
}

async function validate(target, objects) {
  const errors = [];
  for (const o of objects) {
    for (const e of await schemaErrors(o)) errors.push(`${id(o)}: schema: ${e}`);
  }
  errors.push(...projectErrors(target, objects));
  return errors;
}

function load(path) {
  const docs = parseAllDocuments(readFileSync(path, "utf8"));
  const bad = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (bad.length) throw new Error(`${path}: YAML: ${bad.join("; ")}`);
  return docs.map((d) => d.toJS()).filter((o) => o !== null);
}

// Self-check: a broken object and a probe-less Deployment must be caught, or the validator proves nothing.
async function selfCheck() {
  const broken = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "broken" },
    spec: {
      replicas: "two",
      selector: { matchLabels: { app: "broken" } },
      template: { metadata: { labels: { app: "broken" } }, spec: { containers: [{ name: "c", image: "busybox" }] } },
    },
  };
  const schema = await schemaErrors(broken);
  if (!schema.some((e) => e.includes("/spec/replicas"))) {
    throw new Error(`self-check: Deployment/broken with replicas "two" passed the schema (${schema.join("; ")})`);
  }
  const rules = projectErrors("self-check", [broken]);
  if (!rules.some((e) => e.includes("no readinessProbe"))) {
    throw new Error("self-check: a Deployment without probes passed the project checks");
  }
  console.log(`self-check: ok (rejected Deployment/broken: ${schema[0]}; ${rules[0]})`);
}

await selfCheck();
let failed = false;
for (const arg of process.argv.slice(2)) {
  const [target, path] = arg.split("=");
  let objects;
  let errors;
  try {
    objects = load(path);
    errors = await validate(target, objects);
  } catch (e) {
    objects = [];
    errors = [e.message];
  }
  if (errors.length) {
    failed = true;
    for (const e of errors) console.error(`${target}: ${e}`);
  } else {
    console.log(`${target}: ok (${objects.length} objects: ${[...new Set(objects.map((o) => o.kind))].join(", ")})`);
  }
}
process.exit(failed ? 1 : 0);
