import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { EXAMPLE_EVENT, INGEST_OPENAPI, type SchemaObject } from "./openapi";
import { ZIngestCustomer, ZIngestEvent } from "./schema";

const schemas = INGEST_OPENAPI.components.schemas;
const operation = INGEST_OPENAPI.paths["/api/v1/events"]?.post;

function schema(name: string): SchemaObject {
  const found = schemas[name];
  if (!found) {
    throw new Error(`no schema ${name}`);
  }
  return found;
}

function property(of: SchemaObject, name: string): SchemaObject {
  const found = of.properties?.[name];
  if (!found) {
    throw new Error(`no property ${name}`);
  }
  return found;
}

/** The keys of a zod object, and those it requires (not optional / nullish). */
function zodKeys(object: z.ZodObject) {
  const keys = Object.keys(object.shape);
  const required = keys.filter((key) => !object.shape[key]?.safeParse(undefined).success);
  return { keys: keys.sort(), required: required.sort() };
}

const payoutShape = ZIngestEvent.shape.payout;

describe("the ingest API's OpenAPI document", () => {
  it("is OpenAPI 3.1.0 and describes POST /api/v1/events", () => {
    expect(INGEST_OPENAPI.openapi).toBe("3.1.0");
    expect(operation?.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/PayoutEvent",
    });
  });

  it("takes its enums from the zod schema's constants", () => {
    const payout = schema("Payout");
    expect(property(payout, "stage").enum).toEqual(payoutShape.shape.stage.options);
    expect(property(payout, "method").enum).toEqual(payoutShape.shape.method.options);
    expect(property(payout, "reason_code").enum?.filter((v) => v !== null)).toEqual(
      payoutShape.shape.reason_code.unwrap().unwrap().options,
    );
    expect(property(payout, "reason_code").enum).toContain(null);
    expect(property(schema("Customer"), "locale").enum).toEqual(ZIngestCustomer.shape.locale.options);
  });

  it("has the same fields, and required fields, as the zod schema", () => {
    for (const [name, object] of [
      ["PayoutEvent", ZIngestEvent],
      ["Payout", payoutShape],
      ["Customer", ZIngestCustomer],
    ] as const) {
      const documented = schema(name);
      const { keys, required } = zodKeys(object);
      expect(Object.keys(documented.properties ?? {}).sort(), name).toEqual(keys);
      expect([...(documented.required ?? [])].sort(), name).toEqual(required);
    }
  });

  it("documents every answer of the contract (and 503 for an outage), with Retry-After on 429 and field issues on 400", () => {
    const responses = operation?.responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(["200", "400", "401", "409", "413", "429", "503"]);
    expect(property(schema("Accepted"), "result").enum).toEqual(["applied", "duplicate", "stale"]);
    expect(responses["429"]?.headers?.["Retry-After"]?.required).toBe(true);
    const issues = property(schema("InvalidEvent"), "issues");
    expect(issues.items?.required).toEqual(["path", "message"]);
    for (const [status, response] of Object.entries(responses)) {
      expect(response.content?.["application/json"].schema, status).toBeDefined();
    }
  });

  it("describes the Payout-Signature scheme", () => {
    const scheme = INGEST_OPENAPI.components.securitySchemes.PayoutSignature;
    expect(scheme).toMatchObject({ type: "apiKey", in: "header", name: "Payout-Signature" });
    expect(scheme?.description).toContain('t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>');
    expect(scheme?.description).toContain("300 s");
    expect(operation?.security).toEqual([{ PayoutSignature: [] }]);
  });

  it("has a valid example body", () => {
    expect(operation?.requestBody.content["application/json"].example).toBe(EXAMPLE_EVENT);
    expect(ZIngestEvent.safeParse(EXAMPLE_EVENT).success).toBe(true);
  });

  it("points only at schemas it defines", () => {
    const refs = JSON.stringify(INGEST_OPENAPI).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const name = ref.replace('"$ref":"#/components/schemas/', "").replace(/"$/, "");
      expect(schemas[name], ref).toBeDefined();
    }
  });
});
