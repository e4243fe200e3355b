import type { PrismaPg } from "@prisma/adapter-pg";

/**
 * Workaround for prisma/orm#27403 (https://github.com/prisma/orm/issues/27403):
 * with `engine: "js"`, Prisma 6.19's Wasm schema engine reads PostgreSQL's
 * catalogs through @prisma/adapter-pg, which rejects catalog column types such
 * as `name` and `"char"` as "UnsupportedNativeDataType". Their text form is
 * exactly what the engine wants, so we report them as `text`.
 * Used by prisma.config.ts only (the CLI), never by the app.
 */
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const AS_TEXT = new Map<number, number>([
  [18, TEXT_OID], // "char"
  [19, TEXT_OID], // name
  [24, TEXT_OID], // regproc
  [2205, TEXT_OID], // regclass
  [2206, TEXT_OID], // regtype
  [194, TEXT_OID], // pg_node_tree
  [1002, TEXT_ARRAY_OID], // "char"[]
  [1003, TEXT_ARRAY_OID], // name[]
]);

interface Field {
  dataTypeID: number;
}
interface WithPerformIO {
  performIO: (query: unknown) => Promise<{ fields: Field[] }>;
  startTransaction?: (...args: unknown[]) => Promise<unknown>;
}

function patch<T>(queryable: T): T {
  const target = queryable as unknown as WithPerformIO;
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      const mapped = AS_TEXT.get(field.dataTypeID);
      if (mapped !== undefined) {
        field.dataTypeID = mapped;
      }
    }
    return result;
  };
  if (target.startTransaction) {
    const startTransaction = target.startTransaction.bind(target);
    target.startTransaction = async (...args) => patch(await startTransaction(...args));
  }
  return queryable;
}

export function withCatalogTypesAsText(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => patch(await connect());
  factory.connectToShadowDb = async () => patch(await connectToShadowDb());
  return factory;
}
