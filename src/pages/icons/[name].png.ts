import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { ICONS } from '../../lib/cards/index.ts';
import { iconKey, iconPng, pngResponse } from '../../utils/cards.ts';

/** Icons drawn from the one logo (`src/assets/logo.svg`): apple-touch-icon and web-manifest icons. */
export const getStaticPaths = (() =>
  ICONS.map((spec) => ({ params: { name: spec.name }, props: { spec }, cacheKey: iconKey(spec) }))) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET: APIRoute<Props> = async ({ props }) => pngResponse(await iconPng(props.spec));
