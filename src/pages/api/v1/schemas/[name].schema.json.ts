/** `/api/v1/schemas/<name>.schema.json`: the JSON Schemas of the API files, as kept in schemas/api/v1/. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_NAMES } from '../../../../data/api.ts';

export const getStaticPaths = (() => SCHEMA_NAMES.map((name) => ({ params: { name } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(readFileSync(join(process.cwd(), 'schemas', 'api', 'v1', `${params['name']}.schema.json`), 'utf8'), { headers: { 'Content-Type': 'application/schema+json' } });
